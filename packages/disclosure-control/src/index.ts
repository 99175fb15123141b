export { protectCube, noiseBound, ENTITY_RULES, PERSON_RULES, TOTAL } from './cube';
export type { Dimension, DimensionLevel, DisclosureRules, Microcell, ProtectedCube, PublishedCell, Suppression } from './cube';
export { attackerBounds, exactlyDisclosedSmallCells } from './attackerBounds';
export type { Bounds } from './attackerBounds';
export { cubeCache, describeMethod, flatDimension, projectTable } from './tables';
export type { StatisticsTable, TableCell } from './tables';
