import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import {
  alertSchema,
  caseCommentSchema,
  caseDraftSchema,
  caseExportSchema,
  caseImportSchema,
  casePhotoSchema,
  caseSchema,
  companyDraftSchema,
  companySchema,
  conveyanceDraftSchema,
  conveyanceSchema,
  personDraftSchema,
  personSchema,
  referenceEntrySchema,
} from '@opencen/contracts';
import { ServiceError, httpObserver } from '@opencen/nest-kit';
import { type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { GatewayModule, type GatewayModuleOptions } from './app.module';
import { type ContractRoute } from './http/contract-route';
import { correlationIdMiddleware } from './http/correlation-id.middleware';
import { type KnownPath, methodNotAllowed } from './http/method-not-allowed';
import { tokenFromQuery } from './notifications/token-from-query.middleware';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi/openapi-document';
import { contractRoutes } from './routes';
import { webAppMiddleware } from './web/web-app';

/** The OpenAPI document that the gateway serves. */
export function gatewayOpenApiDocument(tokenIssuer?: string): OpenApiDocument {
  return buildOpenApiDocument(contractRoutes, {
    version: '1.0.0',
    namedSchemas: [
      [referenceEntrySchema, 'ReferenceEntry'],
      [personSchema, 'Person'],
      [personDraftSchema, 'PersonDraft'],
      [companySchema, 'Company'],
      [companyDraftSchema, 'CompanyDraft'],
      [conveyanceSchema, 'Conveyance'],
      [conveyanceDraftSchema, 'ConveyanceDraft'],
      [alertSchema, 'Alert'],
      [caseSchema, 'Case'],
      [caseDraftSchema, 'CaseDraft'],
      [caseCommentSchema, 'CaseComment'],
      [caseExportSchema, 'CaseExport'],
      [caseImportSchema, 'CaseImport'],
      [casePhotoSchema, 'CasePhoto'],
    ],
    tokenIssuer,
  });
}

/**
 * Builds the gateway application, ready to listen: `main.ts` and the tests both use it, so tests
 * run the HTTP layer exactly as it runs in production.
 */
export async function createGateway(
  options: GatewayModuleOptions,
): Promise<NestExpressApplication> {
  const { env } = options;
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(options), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // ETags are entry versions (If-Match); Express's body hashes would be mistaken for them.
  app.set('etag', false);
  app.set('trust proxy', env.TRUST_PROXY_HOPS);
  // First: every request is counted, timed and traced, those refused by later middleware too.
  app.use(httpObserver);
  app.use(correlationIdMiddleware);
  app.use(methodNotAllowed(knownPaths(options.routes ?? contractRoutes)));
  app.use(tokenFromQuery);
  app.useBodyParser('json', {
    limit: env.BODY_LIMIT_BYTES,
    type: ['application/json', 'application/*+json'],
  });
  app.use(malformedJson);
  const webApp = webAppMiddleware({
    distDir: env.WEB_DIST_DIR,
    keycloakPublicUrl: env.KEYCLOAK_PUBLIC_URL ?? env.KEYCLOAK_URL,
    realm: env.KEYCLOAK_REALM,
    clientId: env.WEB_CLIENT_ID,
  });
  if (webApp) app.use(webApp);
  const document = gatewayOpenApiDocument(`${env.KEYCLOAK_URL}/realms/${env.KEYCLOAK_REALM}`);
  SwaggerModule.setup('api/docs', app, document as unknown as OpenAPIObject, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'OpenCEN API',
    swaggerOptions: { persistAuthorization: true },
  });
  return app;
}

/** The paths the gateway answers and their methods, for the 405 of any other method there. */
function knownPaths(routes: readonly ContractRoute[]): KnownPath[] {
  return [
    ...routes.map(({ path, method }) => ({ path, methods: [method] })),
    ...['/health/live', '/health/ready', '/api/docs', '/api/docs-json'].map((path) => ({
      path,
      methods: ['GET'],
    })),
  ];
}

/** Malformed JSON is the client's mistake, named as such (the parser's message says where). */
function malformedJson(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  if ((error as { type?: unknown } | null)?.type === 'entity.parse.failed') {
    next(
      ServiceError.validation('The body is not valid JSON', [
        { path: '', reason: (error as Error).message },
      ]),
    );
    return;
  }
  next(error);
}
