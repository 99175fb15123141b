import { namedUuid } from './namedUuid';

/**
 * The open API's scenario (开放): what the public may read without a key. Its grants are exactly the
 * catalog's unconditionally open items (`opening: UNCONDITIONAL`), kept so by the platform at every start.
 */
export const OPEN_SCENARIO = 'open';

/** The one application every anonymous client of the open API acts as; the request log names the client too. */
export const OPEN_APPLICATION_ID = namedUuid('civicgraph-open-data');
