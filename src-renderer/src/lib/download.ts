// Saves bytes through a Blob URL and an <a download> click: works in any browser (headless mode) and
// in the Electron window alike, with no file-system access from the renderer.

/** A file name that is safe to offer: no path separators, no control characters. */
export function safeFileName(name: string | undefined, fallback: string): string {
  const cleaned = (name ?? '')
    .replace(/[\\/]/g, '_')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? fallback : cleaned.slice(0, 200);
}

export function downloadBytes(bytes: Uint8Array, fileName: string, type = 'application/octet-stream'): void {
  // Copy into a fresh ArrayBuffer: a subarray's buffer holds the whole body, and Blob needs plain bytes.
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  const url = URL.createObjectURL(new Blob([copy.buffer], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty to start it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
