/**
 * Saves a downloaded file under its name (the browser's own download). Files that need the bearer
 * token are fetched as a blob first: a plain link cannot carry it.
 */
export function saveFile(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  URL.revokeObjectURL(url);
}
