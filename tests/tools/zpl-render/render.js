// Usage: node render.js WIDTH_MM HEIGHT_MM DOTS_PER_MM OUT.png < label.zpl
//        node render.js --batch OUT_DIR < labels.json
// Renders ZPL to PNG offline, so a test can check that the printed barcodes scan back. A stream of several labels
// (^XA…^XZ one after another, as a print run sends them) is rendered as OUT-0.png, OUT-1.png, …
// A batch is a JSON list of { "name", "widthMm", "heightMm", "dpmm", "zpl" }, each written to OUT_DIR/NAME.png (or
// NAME-0.png, NAME-1.png, … for a stream): one process, and the renderer's WebAssembly loaded once, for every label.
const fs = require('fs');
const path = require('path');
const { ready } = require('zpl-renderer-js');

async function render(api, zpl, widthMm, heightMm, dpmm, out) {
  const pngs = await api.zplToBase64MultipleAsync(zpl, Number(widthMm), Number(heightMm), Number(dpmm));
  if (pngs.length === 1)
    fs.writeFileSync(out, Buffer.from(pngs[0], 'base64'));
  else
    pngs.forEach((png, i) => fs.writeFileSync(out.replace(/\.png$/, `-${i}.png`), Buffer.from(png, 'base64')));
}

(async () => {
  const args = process.argv.slice(2);
  const input = fs.readFileSync(0, 'utf8');
  const { api } = await ready;
  if (args[0] !== '--batch')
    return render(api, input, args[0], args[1], args[2], args[3]);
  const dir = args[1];
  for (const label of JSON.parse(input)) {
    if (!/^[\w.-]+$/.test(label.name))
      throw new Error(`label name ${JSON.stringify(label.name)}: letters, digits, '.', '-' and '_' only`);
    await render(api, label.zpl, label.widthMm, label.heightMm, label.dpmm, path.join(dir, `${label.name}.png`));
  }
})().catch(e => { console.error(e); process.exit(1); });
