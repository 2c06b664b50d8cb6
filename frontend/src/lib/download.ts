/** Hands a file the API returned to the browser as a download (or, on a phone, to its
 * PDF viewer, from which it prints or shares to a Bluetooth printer's app). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
