/**
 * Shrinks a camera photo on the phone before it is kept or sent: a 12-megapixel shot is
 * 3–8 MB, more than a weak village signal carries, and the server refuses over 5 MB.
 * Long edge ≤ 1600 px, JPEG at quality ≈ 0.7, stepping down until it fits the target.
 * Re-encoding through a canvas also drops EXIF (and its GPS position).
 */
export const MAX_EDGE = 1600;
export const TARGET_BYTES = 300 * 1024;
const QUALITIES = [0.7, 0.6, 0.5, 0.4] as const;

/** Width and height that fit `maxEdge` on the long side, keeping the aspect ratio. */
export function fitWithin(width: number, height: number, maxEdge = MAX_EDGE): { width: number; height: number } {
  const long = Math.max(width, height);
  if (long <= maxEdge) return { width, height };
  const scale = maxEdge / long;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function toBlob(canvas: HTMLCanvasElement, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => {
    canvas.toBlob(resolve, "image/jpeg", quality);
  });
}

export async function shrinkPhoto(file: Blob): Promise<Blob> {
  // createImageBitmap applies the EXIF orientation, so portrait shots stay upright.
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  try {
    let best: Blob | null = null;
    // A very detailed shot can stay above the target at the lowest quality: then the long
    // edge shrinks further, down to 800 px.
    for (const edge of [MAX_EDGE, 1200, 800]) {
      const size = fitWithin(bitmap.width, bitmap.height, edge);
      const canvas = document.createElement("canvas");
      canvas.width = size.width;
      canvas.height = size.height;
      const context = canvas.getContext("2d");
      if (!context) throw new Error("canvas 2d context unavailable");
      context.drawImage(bitmap, 0, 0, size.width, size.height);
      for (const quality of QUALITIES) {
        const blob = await toBlob(canvas, quality);
        if (!blob) break;
        if (!best || blob.size < best.size) best = blob;
        if (blob.size <= TARGET_BYTES) return blob;
      }
    }
    if (!best) throw new Error("could not encode the photo");
    return best;
  } finally {
    bitmap.close();
  }
}
