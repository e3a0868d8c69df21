import QRCode from 'qrcode';
import { PNG } from 'pngjs';

/** Modules of white around the code (the quiet zone QR readers need). */
const quietZone = 4;
/** Pixels per module. */
const pixelsPerModule = 6;

/**
 * A pay link as a QR code: a PNG data URL twice as wide as high, the code centred on white. Chat clients show image
 * attachments in a wide frame that fills and crops (the official Web Chat: 2:1 by default); a square image there loses
 * its top and bottom rows and cannot be scanned, a wide one keeps the whole code.
 */
export function payLinkQrPng(url: string): string {
  const code = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const modules = code.modules.size;
  const side = (modules + 2 * quietZone) * pixelsPerModule;
  const image = new PNG({ width: 2 * side, height: side, colorType: 0, inputColorType: 0, bitDepth: 8 });
  image.data.fill(255);
  const left = side / 2;
  for (let row = 0; row < modules; row += 1) {
    for (let column = 0; column < modules; column += 1) {
      if (!code.modules.get(row, column)) continue;
      for (let dy = 0; dy < pixelsPerModule; dy += 1) {
        const y = (quietZone + row) * pixelsPerModule + dy;
        const start = (y * image.width + left + (quietZone + column) * pixelsPerModule) * 4;
        image.data.fill(0, start, start + pixelsPerModule * 4);
        // Keep the alpha channel opaque: the pixels are RGBA in memory whatever the output colour type.
        for (let dx = 0; dx < pixelsPerModule; dx += 1) image.data[start + dx * 4 + 3] = 255;
      }
    }
  }
  return `data:image/png;base64,${PNG.sync.write(image, { colorType: 0 }).toString('base64')}`;
}
