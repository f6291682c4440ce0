import { Type } from 'typebox';
import {
  ErrorResponse,
  ModerationBody,
  PROPOSAL_IMAGE_MAX_BYTES,
  PROPOSAL_IMAGE_TYPES,
  Proposal,
  ProposalIdParams,
  ProposalImageParams,
  ProposalImageQuery,
  UploadProposalImageQuery,
  negotiateLocale,
  type ProposalImageType,
} from '@pb/shared';
import type { FastifyRequest } from 'fastify';
import { AppError, CommonErrors } from '../../errors.js';
import { optionalAuth, requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import {
  addProposalImage,
  moderateProposalImage,
  readProposalImage,
  removeProposalImage,
} from './proposal-images.service.js';
import { getProposal } from './proposals.service.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };
const CACHE_FOR_EVER = 'public, max-age=31536000, immutable';

/**
 * The uploaded bytes, wrapped: binary image data holds NUL bytes, which the storable-text check
 * rightly refuses in text but which never reach a text column here (the bytes go to a bytea).
 */
class ImageBody {
  constructor(readonly bytes: Buffer) {}
}

function uploadedImage(request: FastifyRequest): { bytes: Buffer; contentType: ProposalImageType } {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  const found = PROPOSAL_IMAGE_TYPES.find((candidate) => candidate === type);
  if (found === undefined || !(request.body instanceof ImageBody)) {
    throw new AppError(
      CommonErrors.unsupportedMediaType,
      'Send the photo as the body with Content-Type image/jpeg, image/png or image/webp.',
    );
  }
  return { bytes: request.body.bytes, contentType: found };
}

function uiLocale(request: FastifyRequest): 'ja' | 'en' {
  const header = request.headers['accept-language'] ?? '';
  return negotiateLocale(header.split(',').map((tag) => tag.split(';')[0]?.trim() ?? ''));
}

export default async function proposalImageRoutes(app: App): Promise<void> {
  // The photo is the raw body, read up to the limit (a larger one is refused with 413 as it streams in).
  app.addContentTypeParser(
    [...PROPOSAL_IMAGE_TYPES],
    { parseAs: 'buffer', bodyLimit: PROPOSAL_IMAGE_MAX_BYTES },
    (_request, body, done) => {
      done(null, new ImageBody(typeof body === 'string' ? Buffer.from(body) : body));
    },
  );

  app.post(
    '/api/proposals/:proposalId/images',
    {
      config: { access: ['resident'] },
      bodyLimit: PROPOSAL_IMAGE_MAX_BYTES,
      schema: {
        tags: ['proposals'],
        summary: 'Add a photo to your own proposal while it can be edited (at most three)',
        description:
          'Send the image as the body (`Content-Type: image/jpeg`, `image/png` or `image/webp`, up to 10 MB); the alt ' +
          'text in the query is required. The photo is re-encoded (at most 1600 px a side, EXIF orientation applied) ' +
          'and every piece of metadata (EXIF, GPS, XMP, ICC) is dropped. A file that is not such an image, does not ' +
          'match its declared type, exceeds 40 megapixels or is animated is refused and nothing is stored.',
        params: ProposalIdParams,
        querystring: UploadProposalImageQuery,
        response: {
          201: Proposal,
          400: ErrorResponse,
          ...denied,
          404: ErrorResponse,
          409: ErrorResponse,
          413: ErrorResponse,
          415: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      await addProposalImage(app.db, auth, request.params.proposalId, {
        ...uploadedImage(request),
        query: request.query,
        uiLocale: uiLocale(request),
      });
      return reply.status(201).send(await getProposal(app.db, request.params.proposalId, auth));
    },
  );

  app.get(
    '/api/proposals/:proposalId/images/:imageId',
    {
      config: { access: 'public' },
      schema: {
        tags: ['proposals'],
        summary: 'The bytes of a photo (cacheable for ever: the URL carries its hash); hidden ones for moderators only',
        security: [],
        params: ProposalImageParams,
        querystring: ProposalImageQuery,
        response: {
          200: Type.String({ description: 'The image (image/jpeg, image/png or image/webp).' }),
          304: Type.Null(),
          400: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { image, public: isPublic } = await readProposalImage(
        app.db,
        request.params,
        await optionalAuth(app, request),
      );
      const etag = `"${image.sha256}"`;
      reply
        .header('etag', etag)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', isPublic ? CACHE_FOR_EVER : 'private, no-store');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send(null);
      // The documented bytes: Fastify sends a Buffer as it is, unserialised.
      return reply.type(image.contentType).send(image.content as unknown as string);
    },
  );

  app.delete(
    '/api/proposals/:proposalId/images/:imageId',
    {
      config: { access: ['resident', 'moderator'] },
      schema: {
        tags: ['proposals'],
        summary: 'Remove a photo: its author while the proposal can be edited, or a moderator',
        params: ProposalImageParams,
        response: { 204: Type.Null(), 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { proposalId, imageId } = request.params;
      await removeProposalImage(app.db, requireAuth(request), proposalId, imageId);
      return reply.status(204).send(null);
    },
  );

  for (const action of ['hide', 'restore'] as const) {
    app.post(
      `/api/proposals/:proposalId/images/:imageId/${action}`,
      {
        config: { access: ['moderator'] },
        schema: {
          tags: ['discussion'],
          summary:
            action === 'hide'
              ? 'Hide a photo (with a reason shown in its place): served to moderators only'
              : 'Restore a hidden photo',
          params: ProposalImageParams,
          body: ModerationBody,
          response: { 204: Type.Null(), 400: ErrorResponse, ...denied, 404: ErrorResponse },
        },
      },
      async (request, reply) => {
        await moderateProposalImage(app.db, requireAuth(request).userId, request.params, action, request.body.reason);
        return reply.status(204).send(null);
      },
    );
  }
}
