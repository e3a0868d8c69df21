import QRCode from 'qrcode';

/** Prints the pairing QR code in the terminal (on stderr, so the JSON log lines on stdout stay parseable). */
export function printQrToTerminal(qr: string): void {
  QRCode.toString(qr, { type: 'terminal', small: true }).then(
    (drawing) => void process.stderr.write(`Scan this code with WhatsApp (Linked devices → Link a device):\n${drawing}\n`),
    (error: unknown) =>
      void process.stderr.write(`Could not draw the WhatsApp pairing QR code: ${error instanceof Error ? error.message : String(error)}\n`),
  );
}
