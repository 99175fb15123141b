import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@civicgraph/prisma/governance';
import { issueApiKey } from '@civicgraph/policy';
import { QUALITY_SUPERVISION_GRANTS } from '@civicgraph/quality';
import { ensureSystemScenario } from './adminAccess';

/** The scenario the quality supervisor reads the owners under: its reads are granted, logged and disclosed like anyone's. */
export const QUALITY_SUPERVISION_SCENARIO = 'quality-supervision';
/** The quality supervisor's application (one per platform; each running supervisor holds its own key). */
export const QUALITY_SUPERVISOR_APPLICATION = 'c0a11700-5e1f-4c8e-9a7d-0000000000a1';
/** A supervisor's key outlives its process by this long at most: older ones are revoked when another starts. */
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Makes sure the quality supervision scenario exists with the grants the cross-database rules read, binds the supervisor's application to it, and issues the calling supervisor a key (returned in
 * clear, once). Keys of supervisors that started more than a day ago are revoked.
 */
export async function issueQualitySupervisorKey(prisma: PrismaClient, now = new Date()): Promise<string> {
  await ensureSystemScenario(
    prisma,
    {
      code: QUALITY_SUPERVISION_SCENARIO,
      name: '数据质量监督 Data quality supervision',
      purpose: 'Cross-database quality checks (多源校核): each owner’s records compared with the other owners’ through the platform.',
      legalBasis: '《上海市公共数据管理办法》（数据质量管理）；《上海市数据条例》',
      departmentCode: 'SH-BDC',
    },
    QUALITY_SUPERVISION_GRANTS,
    now,
  );
  await prisma.application.upsert({
    where: { id: QUALITY_SUPERVISOR_APPLICATION },
    update: {},
    create: { id: QUALITY_SUPERVISOR_APPLICATION, name: '数据质量监督 Quality supervisor', departmentCode: 'SH-BDC' },
  });
  await prisma.scenarioApplication.upsert({
    where: { scenarioCode_applicationId: { scenarioCode: QUALITY_SUPERVISION_SCENARIO, applicationId: QUALITY_SUPERVISOR_APPLICATION } },
    update: {},
    create: { scenarioCode: QUALITY_SUPERVISION_SCENARIO, applicationId: QUALITY_SUPERVISOR_APPLICATION },
  });
  const key = issueApiKey();
  await prisma.$transaction([
    prisma.apiKey.updateMany({
      where: { applicationId: QUALITY_SUPERVISOR_APPLICATION, revokedAt: null, createdAt: { lt: new Date(now.getTime() - KEY_LIFETIME_MS) } },
      data: { revokedAt: now },
    }),
    prisma.apiKey.create({ data: { id: randomUUID(), applicationId: QUALITY_SUPERVISOR_APPLICATION, prefix: key.prefix, hash: key.hash, createdAt: now } }),
  ]);
  return key.secret;
}
