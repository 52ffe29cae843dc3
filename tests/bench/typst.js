// Compiles a Typst file to PDF with the Typst compiler of the npm package
// @myriaddreamin/typst-ts-node-compiler (pinned in package.json), the
// fonts from Debian's fonts-noto-core. Prints the seconds of a first
// compile and of a second one of the same source (which Typst memoizes).
//
//   node tests/bench/typst.js IN.typ OUT.pdf
'use strict';
const fs = require('fs');
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node typst.js IN.typ OUT.pdf');
  process.exit(2);
}
const src = fs.readFileSync(input, 'utf8');
const compiler = NodeCompiler.create({ fontArgs: [{ fontPaths: ['/usr/share/fonts/truetype/noto'] }] });
const times = [];
let pdf;
for (let i = 0; i < 2; i++) {
  const start = process.hrtime.bigint();
  pdf = compiler.pdf({ mainFileContent: src });
  times.push(Number(process.hrtime.bigint() - start) / 1e9);
}
fs.writeFileSync(output, pdf);
console.log(`${times[0].toFixed(3)} ${times[1].toFixed(3)}`);
