import type { PrismaClient } from '@civicgraph/prisma/governance';
import { CONSOLE_SCENARIOS, consoleApplicationId, DEPARTMENT_ROLES, PLATFORM_DEPARTMENT, STAFF_ROLES, type StaffRole } from '@civicgraph/policy';
import { ensureAdminScenario, ensureKeylessApplication, ensureSystemScenario } from './adminAccess';
import { consoleGrants } from './grantRules';

const CONSOLE_SCENARIO_TERMS: Readonly<Record<Exclude<StaffRole, 'ADMIN'>, { name: string; purpose: string; legalBasis: string }>> = {
  REVIEWER: {
    name: '治理控制台 · 共享审核 Console: share-request review',
    purpose: "A department's reviewers answer share requests for the items it owns, and objections to them.",
    legalBasis: '《上海市公共数据和一网通办管理办法》第三章（公共数据共享）',
  },
  STEWARD: {
    name: '治理控制台 · 数据质量 Console: data stewardship',
    purpose: "A department's data stewards answer quality issues and objections for the items it owns.",
    legalBasis: '《上海市公共数据管理办法》（数据质量管理：谁采集、谁负责，谁校核、谁负责）',
  },
  AUDITOR: {
    name: '治理控制台 · 审计 Console: audit',
    purpose: 'Auditors read the request log and the owners’ disclosure logs: who read what, about whom, and why.',
    legalBasis: '《上海市数据条例》（数据处理活动记录）；《中华人民共和国数据安全法》第二十七条',
  },
  DEVELOPER: {
    name: '治理控制台 · 应用开发 Console: application development',
    purpose: 'Developers read their applications’ scenarios and contracts and request the fields they need.',
    legalBasis: '《上海市公共数据和一网通办管理办法》第三章（公共数据共享）',
  },
};

/** The department a role acts for: its own for department roles, the platform's for city-wide ones. */
export function consoleDepartment(role: StaffRole, departmentCode: string | null): string {
  return DEPARTMENT_ROLES.has(role) ? departmentCode! : PLATFORM_DEPARTMENT;
}

/** Makes sure a role's scenario exists and holds its grants (new governance fields arrive with upgrades). */
async function ensureConsoleScenario(prisma: PrismaClient, role: StaffRole, now: Date): Promise<void> {
  if (role === 'ADMIN') {
    await ensureAdminScenario(prisma, now);
    return;
  }
  const scenario = { code: CONSOLE_SCENARIOS[role], departmentCode: PLATFORM_DEPARTMENT, ...CONSOLE_SCENARIO_TERMS[role] };
  await ensureSystemScenario(prisma, scenario, consoleGrants(role), now);
}

/** The console application of a role and department, bound to the role's scenario. */
async function ensureConsoleBinding(prisma: PrismaClient, role: StaffRole, departmentCode: string): Promise<void> {
  const id = consoleApplicationId(role, departmentCode);
  await ensureKeylessApplication(prisma, { id, name: `治理控制台 Console · ${role} · ${departmentCode}`, departmentCode }, CONSOLE_SCENARIOS[role]);
}

/** Makes sure the role's scenario and the console application of the role and department exist (a person is given the role). */
export async function ensureConsoleApplication(prisma: PrismaClient, role: StaffRole, departmentCode: string, now = new Date()): Promise<void> {
  await ensureConsoleScenario(prisma, role, now);
  await ensureConsoleBinding(prisma, role, departmentCode);
}

/**
 * Makes sure each console role's scenario holds its grants, and that every department has its console
 * applications (a department registered later gets them when a person is given a role in it).
 */
export async function ensureConsoleAccess(prisma: PrismaClient, now = new Date()): Promise<void> {
  for (const role of STAFF_ROLES) await ensureConsoleScenario(prisma, role, now);
  const departments = await prisma.department.findMany({ select: { code: true } });
  for (const role of STAFF_ROLES) {
    for (const code of DEPARTMENT_ROLES.has(role) ? departments.map((d) => d.code) : [PLATFORM_DEPARTMENT]) await ensureConsoleBinding(prisma, role, code);
  }
}
