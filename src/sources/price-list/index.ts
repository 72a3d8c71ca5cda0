export { CONFIG_USAGE_TYPES, matchUsageType, type ConfigUsageType } from './usage-types.js';
export {
  parsePriceList,
  priceSetsFromProducts,
  tiersFromDimensions,
  REGION_PATTERN,
  SERVICE_CODE,
  type ApiPrice,
  type FallbackPrices,
  type KeptPrice,
  type ParsedPriceList,
  type ParseOptions,
} from './parse.js';
export { fetchConfigProducts, priceListInputError } from './fetch.js';
export type { PriceListFile, PriceListSet, PriceListUsageType, PriceStatus } from './types.js';
