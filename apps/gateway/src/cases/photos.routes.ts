import { casePhotoSchema, listCasePhotos, toContractJsonSchema } from '@opencen/contracts';
import { contractRoute } from '../http/contract-route';
import { type OpenApiDocument } from '../openapi/openapi-document';
import { CASE_READERS, CASE_WRITERS } from './cases.routes';

export const PHOTOS_PATH = '/api/v1/cases/:caseId/photos';
export const PHOTO_PATH = `${PHOTOS_PATH}/:photoId`;
export const THUMBNAIL_PATH = `${PHOTO_PATH}/thumbnail`;
/** Who uploads: the case's writers (the service keeps it to drafts of their office). */
export const PHOTO_UPLOADERS = CASE_WRITERS;
export const PHOTO_READERS = CASE_READERS;

/** The list is an ordinary contract route; upload and downloads stream (photos.controller.ts). */
export const casePhotoRoutes = {
  list: contractRoute({
    operationId: 'listCasePhotos',
    method: 'GET',
    path: PHOTOS_PATH,
    contract: listCasePhotos,
    summary: 'The photos and X-ray images of a case, with their thumbnails',
    input: 'query',
    roles: PHOTO_READERS,
    status: 200,
  }),
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const caseIdParameter = {
  name: 'caseId',
  in: 'path',
  required: true,
  description: 'A case id or case number',
  schema: { type: 'string', minLength: 1, maxLength: 64 },
};
const photoIdParameter = {
  name: 'photoId',
  in: 'path',
  required: true,
  schema: { type: 'string', minLength: 1, maxLength: 64 },
};
const commonErrors = {
  '401': { $ref: '#/components/responses/Unauthorized' },
  '403': { $ref: '#/components/responses/Forbidden' },
  '404': { $ref: '#/components/responses/NotFound' },
  '429': { $ref: '#/components/responses/TooManyRequests' },
  '500': { $ref: '#/components/responses/InternalError' },
  '503': { $ref: '#/components/responses/ServiceUnavailable' },
  '504': { $ref: '#/components/responses/GatewayTimeout' },
};
const binary = (types: string[]) =>
  Object.fromEntries(types.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]));

/**
 * Adds to the document what no JSON contract describes: the multipart upload and the binary
 * downloads, and the photo's schema that the upload replies with.
 */
export function addCasePhotoDocs(document: OpenApiDocument): void {
  const { $schema: _dialect, ...photo } = toContractJsonSchema(casePhotoSchema, 'output');
  document.components.schemas.CasePhoto = photo;
  for (const [path, item] of Object.entries(streamedPaths('#/components/schemas/CasePhoto'))) {
    document.paths[path] = { ...document.paths[path], ...item };
  }
}

function streamedPaths(photoSchemaRef: string): OpenApiDocument['paths'] {
  return {
    '/api/v1/cases/{caseId}/photos': {
      post: {
        operationId: 'uploadCasePhoto',
        summary: 'Upload a photo or X-ray image to a case (multipart, streamed)',
        description:
          `multipart/form-data with the text fields \`kind\` (photo or xray, default photo) and \`caption\` (up to 500 characters), then one file part named \`file\`: fields after the file are not read. ` +
          'The file is streamed to the cases service in chunks and never held whole. Its type is detected from its first bytes (JPEG, PNG or TIFF): another type, or a declared part Content-Type that disagrees, is 400 naming `file`. ' +
          'A file over the limit of the cases service (PHOTO_MAX_BYTES, 10 MiB by default) is refused with 413 as soon as it crosses it, and nothing of it is kept. ' +
          `A thumbnail (JPEG, at most 256 px) is made; the addition is recorded in the case's history and emits cases.case.photo-added.v1.\n\nNeeds the role ${PHOTO_UPLOADERS.join(' or ')}; the case must be a draft its office (or its assigned investigator) may edit.`,
        tags: ['cases'],
        parameters: [caseIdParameter, { $ref: '#/components/parameters/CorrelationId' }],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file'],
                properties: {
                  kind: { type: 'string', enum: ['photo', 'xray'], default: 'photo' },
                  caption: { type: 'string', minLength: 1, maxLength: 500 },
                  file: { type: 'string', format: 'binary' },
                },
              },
              encoding: { file: { contentType: 'image/jpeg, image/png, image/tiff' } },
            },
          },
        },
        responses: {
          '201': {
            description: 'Stored; Location is its download URL',
            headers: { Location: { $ref: '#/components/headers/Location' } },
            content: { 'application/json': { schema: { $ref: photoSchemaRef } } },
          },
          '400': problem(
            'Not a JPEG, PNG or TIFF, a declared type that disagrees, no file part, or a bad field (each named)',
          ),
          '409': { $ref: '#/components/responses/Conflict' },
          '413': problem('The file is larger than the limit; nothing was kept'),
          '415': problem('The body is not multipart/form-data'),
          ...commonErrors,
        },
      },
    },
    '/api/v1/cases/{caseId}/photos/{photoId}': {
      get: {
        operationId: 'downloadCasePhoto',
        summary: 'Download a photo or X-ray image as uploaded (streamed)',
        description: `The bytes as uploaded, with their type, length and the SHA-256 as ETag.\n\nNeeds the role ${PHOTO_READERS.join(' or ')}, and the case must be readable by the caller.`,
        tags: ['cases'],
        parameters: [
          caseIdParameter,
          photoIdParameter,
          { $ref: '#/components/parameters/CorrelationId' },
        ],
        responses: {
          '200': {
            description: 'The file',
            headers: {
              ETag: { description: 'The SHA-256 of the file', schema: { type: 'string' } },
            },
            content: binary(['image/jpeg', 'image/png', 'image/tiff']),
          },
          ...commonErrors,
        },
      },
    },
    '/api/v1/cases/{caseId}/photos/{photoId}/thumbnail': {
      get: {
        operationId: 'getCasePhotoThumbnail',
        summary: 'The JPEG thumbnail of a photo (at most 256 px)',
        description: `Needs the role ${PHOTO_READERS.join(' or ')}, and the case must be readable by the caller.`,
        tags: ['cases'],
        parameters: [
          caseIdParameter,
          photoIdParameter,
          { $ref: '#/components/parameters/CorrelationId' },
        ],
        responses: {
          '200': { description: 'The thumbnail', content: binary(['image/jpeg']) },
          ...commonErrors,
        },
      },
    },
  };
}
