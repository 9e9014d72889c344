// Fastify, with @fastify/cors (npm i @fastify/cors): register it before your auth hooks and routes; its
// onRequest hook then answers the OPTIONS preflight before auth runs.
import cors from '@fastify/cors';

await app.register(cors, {
  origin: ['https://a.example', 'https://app.example'],
  methods: ['GET', 'POST', 'PUT', 'PATCH'],
  allowedHeaders: ['x-a', 'x-b'],
});
