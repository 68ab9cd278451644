// Parses .bicep files with the tree-sitter Bicep grammar (prebuilt native binding, no download) and prints
// one JSON object: { "files": N, "errors": [{ "file", "line", "column", "problem" }] }.
// An independent syntax check next to the C# reader: no Bicep compiler can be installed on this machine.
'use strict';
const fs = require('fs');
const Parser = require('tree-sitter');
const Bicep = require('tree-sitter-bicep');

const parser = new Parser();
parser.setLanguage(Bicep);

const errors = [];
const files = process.argv.slice(2);
for (const file of files) {
  const tree = parser.parse(fs.readFileSync(file, 'utf8'));
  const visit = (node) => {
    if (node.type === 'ERROR' || node.isMissing) {
      errors.push({
        file,
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        problem: node.isMissing ? `missing ${node.type}` : `cannot parse ${JSON.stringify(node.text.slice(0, 60))}`,
      });
    }
    for (const child of node.children) {
      visit(child);
    }
  };
  visit(tree.rootNode);
}

process.stdout.write(JSON.stringify({ files: files.length, errors }));
