import { ErrorResponse, IMPORT_MAX_BYTES, ImportQuery, ImportedCycle } from '@pb/shared';
import { AppError, CommonErrors } from '../../errors.js';
import { requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { importPabulibFile } from './imports.service.js';
import { LONG_REQUEST_TIMEOUT_MS } from '../../deadlines.js';

const FILE_TYPES = ['application/octet-stream', 'text/plain', 'application/x-pabulib'];

export default async function importRoutes(app: App): Promise<void> {
  // The file arrives as the raw body, read up to the limit (a larger one is refused with 413 as it streams in).
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) => {
    done(null, body);
  });

  app.post(
    '/api/cycles/import',
    {
      config: { access: ['staff', 'admin'], deadlineMs: LONG_REQUEST_TIMEOUT_MS },
      bodyLimit: IMPORT_MAX_BYTES,
      schema: {
        tags: ['cycles'],
        summary: 'Import a past election from a pabulib .pb file as a published cycle, counted',
        description:
          'Send the file as the request body (`Content-Type: application/octet-stream` or `text/plain`, up to 20 MB). ' +
          'The query names the district (default: the city-wide district), the file name and optional titles ' +
          '(default: META `description`, else `unit` and `instance`). The ballot follows META `vote_type` and its ' +
          'limits, the count the META `rule` (or the `pb_*` options of this platform’s own exports); projects keep ' +
          'their `project_id`, which ties and exports use. A malformed file writes nothing and the 400 names the line.',
        querystring: ImportQuery,
        response: {
          201: ImportedCycle,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          413: ErrorResponse,
          415: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError(
          CommonErrors.unsupportedMediaType,
          'Send the .pb file as the body with Content-Type: application/octet-stream.',
        );
      }
      const imported = await importPabulibFile(app.db, {
        actorId: requireAuth(request).userId,
        bytes: request.body,
        fileName: request.query.fileName ?? 'election.pb',
        districtId: request.query.districtId,
        titleJa: request.query.titleJa,
        titleEn: request.query.titleEn,
      });
      return reply.status(201).send(imported);
    },
  );
}
