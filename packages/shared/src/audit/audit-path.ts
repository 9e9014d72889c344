/** Where the dev server answers with the audit's JSON report (own-endpoints.ts serves it), apart so messages can name it. */
export const auditEndpointPath = '/__cors-dev-proxy/audit';

/** The dashboard's production section (dashboard/ serves the page; the path is here so audit messages can link it). */
export const dashboardProductionPath = '/__cors-dev-proxy/#production';
