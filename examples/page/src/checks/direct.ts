import type { Check } from './check.ts';

const directUrl = `${__BACKEND_URL__}/api/hello`;

export const directCheck: Check = {
  name: 'direct',
  title: 'Without the proxy',
  about:
    'For contrast, the same GET /api/hello sent straight to the backend. Its CORS policy allows only ' +
    'https://app.example.com, so the browser withholds the response from this page: this card passes when ' +
    'the request fails, which is why the app calls /api on its own origin instead.',
  async run({ signal }) {
    try {
      const response = await fetch(directUrl, { signal });
      return {
        pass: false,
        summary: `The backend answered ${response.status} across origins: CORS did not block it.`,
        details: [{ label: 'Request', value: `GET ${directUrl}` }],
      };
    } catch (error) {
      if (signal.aborted || !(error instanceof TypeError)) throw error;
      return {
        pass: true,
        summary: 'Blocked by CORS, as expected: fetch rejected with a TypeError.',
        details: [
          { label: 'Request', value: `GET ${directUrl}` },
          { label: 'Error', value: `${error.name}: ${error.message}` },
          { label: 'Page origin', value: location.origin },
          { label: 'Origin the backend allows', value: 'https://app.example.com' },
        ],
      };
    }
  },
};
