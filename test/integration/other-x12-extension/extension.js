// A stand-in for another X12 extension: it shares the `x12` language id with claimlint and adds a
// hover of its own, as marketplace X12/EDI extensions do. The integration tests check that
// claimlint's diagnostics, hovers, formatting and colours still work beside it.
const vscode = require('vscode');

exports.activate = function activate(context) {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider('x12', {
      provideHover() {
        return new vscode.Hover('other-x12 hover');
      },
    }),
  );
  return { activated: true };
};
