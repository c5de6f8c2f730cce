// Usage: node render.js WIDTH_MM HEIGHT_MM DOTS_PER_MM OUT.png < label.zpl
// Renders ZPL to PNG offline, so a test can check that the printed barcodes scan back. A stream of several labels
// (^XA…^XZ one after another, as a print run sends them) is rendered as OUT-0.png, OUT-1.png, …
const fs = require('fs');
const { ready } = require('zpl-renderer-js');

(async () => {
  const [widthMm, heightMm, dpmm, out] = process.argv.slice(2);
  const zpl = fs.readFileSync(0, 'utf8');
  const { api } = await ready;
  const pngs = await api.zplToBase64MultipleAsync(zpl, Number(widthMm), Number(heightMm), Number(dpmm));
  if (pngs.length === 1)
    fs.writeFileSync(out, Buffer.from(pngs[0], 'base64'));
  else
    pngs.forEach((png, i) => fs.writeFileSync(out.replace(/\.png$/, `-${i}.png`), Buffer.from(png, 'base64')));
})().catch(e => { console.error(e); process.exit(1); });
