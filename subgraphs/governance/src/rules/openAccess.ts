import type { PrismaClient } from '@civicgraph/prisma/governance';
import { OPEN_APPLICATION_ID, OPEN_SCENARIO } from '@civicgraph/policy';
import { readCatalog, readSupergraphSdl, unconditionallyOpen } from '@civicgraph/schema';
import { ensureKeylessApplication } from './adminAccess';
import { ensureDepartments } from './cityDepartments';
import { nextScenarioVersion } from './scenarioVersion';

/** The department that runs the open-data platform for the city. */
const OPEN_DATA_DEPARTMENT = 'SH-BDC';

/** What one anonymous client may do by default: requests per second (burst over ten seconds), rows per 24 hours. */
export const OPEN_TRAFFIC = { requestsPerSecond: 5, burst: 20, rowsPerDay: 20_000 } as const;

let committedOpen: ReadonlySet<string> | undefined;

/** The coordinates the open scenario holds: the committed catalog's unconditionally open items. */
export function openGrants(): ReadonlySet<string> {
  return (committedOpen ??= unconditionallyOpen(readCatalog(readSupergraphSdl())));
}

/**
 * Makes the open scenario hold exactly the catalog's unconditionally open items — a grant an operator added
 * by hand beyond them is taken away, one the catalog opened since is added — and binds the open API's one
 * application to it. Returns whether the grants changed. The traffic limits an operator set are kept.
 */
export async function ensureOpenAccess(prisma: PrismaClient, now = new Date(), open: ReadonlySet<string> = openGrants()): Promise<boolean> {
  await ensureDepartments(prisma);
  const existing = await prisma.scenario.findUnique({ where: { code: OPEN_SCENARIO }, include: { grants: true } });
  let changed = false;
  if (!existing) {
    await prisma.scenario.create({
      data: {
        code: OPEN_SCENARIO,
        name: '公共数据开放 Open data',
        purpose: 'Anyone may read, without a key, the items the resource catalog opens unconditionally (无条件开放), within per-client limits.',
        legalBasis: '《上海市公共数据开放暂行办法》',
        departmentCode: OPEN_DATA_DEPARTMENT,
        validFrom: now,
        useReasonRequired: false,
        ...OPEN_TRAFFIC,
        grants: { create: [...open].map((coordinate) => ({ coordinate })) },
      },
    });
    changed = true;
  } else {
    const held = new Set(existing.grants.map((g) => g.coordinate));
    const missing = [...open].filter((c) => !held.has(c));
    const beyond = [...held].filter((c) => !open.has(c));
    // A mask, an expiry or a row constraint would make the open list say what is not served.
    const conditioned = existing.grants.filter((g) => open.has(g.coordinate) && (g.mask || g.expiresAt)).map((g) => g.coordinate);
    const constrained = JSON.stringify(existing.constraints ?? {}) !== '{}';
    if (missing.length || beyond.length || conditioned.length || constrained) {
      await prisma.$transaction([
        prisma.grant.deleteMany({ where: { scenarioCode: OPEN_SCENARIO, coordinate: { in: [...beyond, ...conditioned] } } }),
        prisma.grant.createMany({ data: [...missing, ...conditioned].map((coordinate) => ({ scenarioCode: OPEN_SCENARIO, coordinate })) }),
        prisma.scenario.update({ where: { code: OPEN_SCENARIO }, data: { ...nextScenarioVersion(now), constraints: {} } }),
      ]);
      changed = true;
    }
  }
  await ensureKeylessApplication(
    prisma,
    { id: OPEN_APPLICATION_ID, name: '开放接口 Open API (anonymous clients)', departmentCode: OPEN_DATA_DEPARTMENT },
    OPEN_SCENARIO,
  );
  return changed;
}
