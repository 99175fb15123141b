import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@civicgraph/prisma/governance';
import { issueApiKey } from '@civicgraph/policy';
import { nextScenarioVersion } from './scenarioVersion';
import { ensureDepartments } from './cityDepartments';
import { ADMIN_SCENARIO, adminGrants } from './grantRules';

/** A scenario the platform keeps itself: created with its grants, and given the grants it lacks after an upgrade. */
export interface SystemScenario {
  code: string;
  name: string;
  purpose: string;
  legalBasis: string;
  departmentCode: string;
}

/**
 * Makes sure a system scenario exists and holds every grant in `wanted` (new fields arrive with upgrades;
 * grants an operator added by hand stay). Returns whether anything changed.
 */
export async function ensureSystemScenario(prisma: PrismaClient, scenario: SystemScenario, wanted: readonly string[], now = new Date()): Promise<boolean> {
  await ensureDepartments(prisma);
  const existing = await prisma.scenario.findUnique({ where: { code: scenario.code }, include: { grants: true } });
  if (!existing) {
    await prisma.scenario.create({
      data: { ...scenario, validFrom: now, useReasonRequired: false, grants: { create: wanted.map((coordinate) => ({ coordinate })) } },
    });
    return true;
  }
  const held = new Set(existing.grants.map((g) => g.coordinate));
  const missing = wanted.filter((c) => !held.has(c));
  if (!missing.length) return false;
  await prisma.$transaction([
    prisma.grant.createMany({ data: missing.map((coordinate) => ({ scenarioCode: scenario.code, coordinate })) }),
    prisma.scenario.update({ where: { code: scenario.code }, data: nextScenarioVersion(now) }),
  ]);
  return true;
}

/**
 * Makes sure an application the platform keeps for callers without a key of their own (a console role, the
 * open API's clients) exists under its fixed id and is bound to its scenario.
 */
export async function ensureKeylessApplication(
  prisma: PrismaClient,
  application: { id: string; name: string; departmentCode: string },
  scenarioCode: string,
): Promise<void> {
  await prisma.application.upsert({ where: { id: application.id }, update: {}, create: application });
  await prisma.scenarioApplication.upsert({
    where: { scenarioCode_applicationId: { scenarioCode, applicationId: application.id } },
    update: {},
    create: { scenarioCode, applicationId: application.id },
  });
}

/** Makes sure the administrators' scenario exists and is granted every governance field. Returns whether anything changed. */
export function ensureAdminScenario(prisma: PrismaClient, now = new Date()): Promise<boolean> {
  return ensureSystemScenario(
    prisma,
    {
      code: ADMIN_SCENARIO,
      name: '平台管理 Platform administration',
      purpose: 'Administrators register departments and applications, issue and revoke keys, and define and approve scenario grants.',
      legalBasis: '《上海市公共数据和一网通办管理办法》',
      departmentCode: 'SH-BDC',
    },
    adminGrants(),
    now,
  );
}

/** A new administrator application bound to the admin scenario, with a fresh key (returned in clear, once). */
export async function issueAdminKey(prisma: PrismaClient, name = 'Administrator'): Promise<{ applicationId: string; apiKey: string }> {
  await ensureAdminScenario(prisma);
  const key = issueApiKey();
  const applicationId = randomUUID();
  await prisma.$transaction([
    prisma.application.create({ data: { id: applicationId, name, departmentCode: 'SH-BDC' } }),
    prisma.apiKey.create({ data: { id: randomUUID(), applicationId, prefix: key.prefix, hash: key.hash } }),
    prisma.scenarioApplication.create({ data: { scenarioCode: ADMIN_SCENARIO, applicationId } }),
  ]);
  return { applicationId, apiKey: key.secret };
}
