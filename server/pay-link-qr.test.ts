import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { payLinkQrPng } from './pay-link-qr.js';

describe('payLinkQrPng', () => {
  const url = 'https://pagos.example.cl/pay/GM0HdBkhzo5spUxYid7DxA';
  const image = PNG.sync.read(Buffer.from(payLinkQrPng(url).replace('data:image/png;base64,', ''), 'base64'));
  const dark = (x: number, y: number) => image.data[(y * image.width + x) * 4] === 0;

  it('is twice as wide as high, white around, with every module of the link’s code where a reader looks for it', () => {
    const code = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const side = image.height;
    expect(image.width).toBe(2 * side);
    const pixels = side / (code.modules.size + 8);
    expect(Number.isInteger(pixels)).toBe(true);
    // The sides and the quiet zone are white.
    for (let x = 0; x < image.width; x += 7) expect(dark(x, 1)).toBe(false);
    for (let y = 0; y < side; y += 7) expect(dark(side / 2 - 1, y) || dark(side / 2 + side, y)).toBe(false);
    // Each module, read at its centre, is what the code says.
    let mismatches = 0;
    for (let row = 0; row < code.modules.size; row += 1)
      for (let column = 0; column < code.modules.size; column += 1) {
        const x = side / 2 + (4 + column) * pixels + pixels / 2;
        const y = (4 + row) * pixels + pixels / 2;
        if (dark(x, y) !== Boolean(code.modules.get(row, column))) mismatches += 1;
      }
    expect(mismatches).toBe(0);
  });
});
