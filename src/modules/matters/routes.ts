import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const matterRoutes: FastifyPluginAsyncZod = async () => {};
