import type DataLoader from 'dataloader';
import type { ApiKey, Application, Department, Grant, PrismaClient, Scenario, ShareRequest, ShareRequestItem } from '@civicgraph/prisma/governance';
import { createKeyLoader, createListLoader } from '@civicgraph/subgraph-kit';

/** Per-request batch loaders: one SQL statement per batch of keys. */
export interface GovernanceLoaders {
  departmentByCode: DataLoader<string, Department | null>;
  applicationById: DataLoader<string, Application | null>;
  scenarioByCode: DataLoader<string, Scenario | null>;
  keysOfApplication: DataLoader<string, ApiKey[]>;
  grantsOfScenario: DataLoader<string, Grant[]>;
  applicationsOfDepartment: DataLoader<string, Application[]>;
  scenariosOfDepartment: DataLoader<string, Scenario[]>;
  applicationIdsOfScenario: DataLoader<string, { applicationId: string; scenarioCode: string }[]>;
  scenarioCodesOfApplication: DataLoader<string, { applicationId: string; scenarioCode: string }[]>;
  shareRequestById: DataLoader<string, ShareRequest | null>;
  itemsOfShareRequest: DataLoader<string, ShareRequestItem[]>;
}

export function createLoaders(prisma: PrismaClient): GovernanceLoaders {
  return {
    departmentByCode: createKeyLoader(
      (codes) => prisma.department.findMany({ where: { code: { in: codes } } }),
      (d) => d.code,
    ),
    applicationById: createKeyLoader(
      (ids) => prisma.application.findMany({ where: { id: { in: ids } } }),
      (a) => a.id,
    ),
    scenarioByCode: createKeyLoader(
      (codes) => prisma.scenario.findMany({ where: { code: { in: codes } } }),
      (s) => s.code,
    ),
    keysOfApplication: createListLoader(
      (ids) => prisma.apiKey.findMany({ where: { applicationId: { in: ids } }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] }),
      (k) => k.applicationId,
    ),
    grantsOfScenario: createListLoader(
      (codes) => prisma.grant.findMany({ where: { scenarioCode: { in: codes } }, orderBy: { coordinate: 'asc' } }),
      (g) => g.scenarioCode,
    ),
    applicationsOfDepartment: createListLoader(
      (codes) => prisma.application.findMany({ where: { departmentCode: { in: codes } }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
      (a) => a.departmentCode,
    ),
    scenariosOfDepartment: createListLoader(
      (codes) => prisma.scenario.findMany({ where: { departmentCode: { in: codes } }, orderBy: { code: 'asc' } }),
      (s) => s.departmentCode,
    ),
    applicationIdsOfScenario: createListLoader(
      (codes) => prisma.scenarioApplication.findMany({ where: { scenarioCode: { in: codes } }, orderBy: { applicationId: 'asc' } }),
      (b) => b.scenarioCode,
    ),
    scenarioCodesOfApplication: createListLoader(
      (ids) => prisma.scenarioApplication.findMany({ where: { applicationId: { in: ids } }, orderBy: { scenarioCode: 'asc' } }),
      (b) => b.applicationId,
    ),
    shareRequestById: createKeyLoader(
      (ids) => prisma.shareRequest.findMany({ where: { id: { in: ids } } }),
      (r) => r.id,
    ),
    itemsOfShareRequest: createListLoader(
      (ids) => prisma.shareRequestItem.findMany({ where: { requestId: { in: ids } }, orderBy: { coordinate: 'asc' } }),
      (i) => i.requestId,
    ),
  };
}
