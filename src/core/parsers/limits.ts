/**
 * Elements (XML) or objects and arrays (JSON) nested deeper than this make a FHIR document refused
 * with one `fhir-structure` finding (`tooDeep`). A FHIR Claim nests about a dozen levels (Bundle →
 * entry → resource → item → detail → subDetail → modifier → coding); the limit keeps hostile
 * input from costing stack or time, and gives it a clear finding rather than a parser's error.
 */
export const MAX_NESTING = 100;
