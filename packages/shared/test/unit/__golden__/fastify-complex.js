// Fastify, with @fastify/cors (npm i @fastify/cors): register it before your auth hooks and routes; its
// onRequest hook then answers the OPTIONS preflight before auth runs.
import cors from '@fastify/cors';

await app.register(cors, {
  origin: 'https://app.example.com',
  credentials: true,
  methods: ['PUT', 'PATCH'],
  allowedHeaders: ['authorization', 'x-request-id'],
  exposedHeaders: ['x-total-count'],
});
