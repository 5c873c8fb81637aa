import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { MediaFile, MediaUploadParams } from '../types-media.js';

/** `wagw.media`: upload media files to send, and download them. */
export class Media extends APIResource {
  /**
   * Uploads a file (multipart/form-data). The server types it from its bytes and refuses files
   * WhatsApp does not take (`MEDIA_TYPE_NOT_ALLOWED`) or over its limit (`MEDIA_TOO_LARGE`).
   *
   * @example
   * const media = await wagw.media.upload({ file: await fs.openAsBlob('photo.jpg'), filename: 'photo.jpg' });
   */
  upload(params: MediaUploadParams, options?: RequestOptions): Promise<MediaFile> {
    const type = params.contentType;
    const blob =
      params.file instanceof Blob
        ? type
          ? new Blob([params.file], { type })
          : params.file
        : new Blob([params.file as Uint8Array<ArrayBuffer>], { type: type ?? 'application/octet-stream' });
    const form = new FormData();
    form.append('file', blob, params.filename ?? 'file');
    return this.transport.request({ method: 'POST', path: 'v1/media', body: form }, options);
  }

  /** What a file is: type, size, SHA-256. */
  info(id: string, options?: RequestOptions): Promise<MediaFile> {
    return this.transport.request({ method: 'GET', path: path`v1/media/${id}/info` }, options);
  }

  /**
   * The file's bytes.
   *
   * @example
   * await writeFile('photo.jpg', await wagw.media.download('med_…'));
   */
  download(id: string, options?: RequestOptions): Promise<Uint8Array> {
    return this.transport.request(
      { method: 'GET', path: path`v1/media/${id}`, responseType: 'bytes' },
      options,
    );
  }

  /** Deletes the file and its bytes. */
  delete(id: string, options?: RequestOptions): Promise<MediaFile> {
    return this.transport.request({ method: 'DELETE', path: path`v1/media/${id}` }, options);
  }
}
