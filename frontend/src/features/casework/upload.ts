import { shrinkPhoto } from "../../lib/photo";

/** A file as the staff upload it: a photo made small first (a phone's is several MB), any
 * other file (a PDF) as it is. Rejects when a photo cannot be read. Staff-only, so it stays
 * out of the resident's bundle (where lib/photo.ts is). */
export async function forUpload(file: File): Promise<Blob> {
  return file.type.startsWith("image/") ? shrinkPhoto(file) : file;
}
