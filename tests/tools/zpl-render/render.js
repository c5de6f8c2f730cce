// Usage: node render.js WIDTH_MM HEIGHT_MM DOTS_PER_MM OUT.png < label.zpl
// Renders one ZPL label to PNG offline, so a test can check that the printed barcodes scan back.
const fs = require('fs');
const { ready } = require('zpl-renderer-js');

(async () => {
  const [widthMm, heightMm, dpmm, out] = process.argv.slice(2);
  const zpl = fs.readFileSync(0, 'utf8');
  const { api } = await ready;
  const png = await api.zplToBase64Async(zpl, Number(widthMm), Number(heightMm), Number(dpmm));
  fs.writeFileSync(out, Buffer.from(png, 'base64'));
})().catch(e => { console.error(e); process.exit(1); });
