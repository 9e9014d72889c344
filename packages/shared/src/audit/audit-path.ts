/** Where the dev server answers with the audit's JSON report (own-endpoints.ts serves it), apart so messages can name it. */
export const auditEndpointPath = '/__cors-dev-proxy/audit';
