/**
 * Elements (XML) or objects and arrays (JSON) nested deeper than this make a FHIR document refused
 * with one `fhir-structure` finding (`tooDeep`). A FHIR Claim nests about a dozen levels (Bundle →
 * entry → resource → item → detail → subDetail → modifier → coding); the limit keeps hostile
 * input from costing stack or time, and gives it a clear finding rather than a parser's error.
 */
export const MAX_NESTING = 100;

/**
 * XML elements read from one FHIR XML document at most; a larger document gets one
 * `fhir-structure` finding (`tooManyElements`) and is refused unread. Each element costs 28 bytes of
 * the reader's tape, so this bounds it at about 225 MB: real FHIR XML averages some 40 characters
 * per element (a 55 MB bundle of 16,000 claims has 1.3 million), so this is a file of 300 MB or
 * more, while a file of millions of tiny elements (`<a/>`) is hostile.
 */
export const MAX_XML_ELEMENTS = 8_000_000;
