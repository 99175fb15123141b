import { randomBytes } from 'node:crypto';
import { createStaffAccount, parseStaffRole } from '@civicgraph/console';
import type { PrismaClient } from '@civicgraph/prisma/governance';

/** A demo person for the console, with the password made for them (kept in the data folder's demo credentials). */
export interface DemoStaffMember {
  username: string;
  displayName: string;
  password: string;
  roles: string[];
}

/** The demo city's staff: one person per console role, reviewers of two owning departments. */
const DEMO_STAFF: Omit<DemoStaffMember, 'password'>[] = [
  { username: 'admin', displayName: '周敏 (平台管理员)', roles: ['admin'] },
  { username: 'psb.reviewer', displayName: '王芳 (市公安局 审核员)', roles: ['reviewer:SH-PSB'] },
  { username: 'amr.reviewer', displayName: '赵磊 (市场监管局 审核员)', roles: ['reviewer:SH-AMR'] },
  { username: 'psb.steward', displayName: '孙宇 (市公安局 数据管理员)', roles: ['steward:SH-PSB'] },
  { username: 'auditor', displayName: '陈静 (审计员)', roles: ['auditor'] },
  { username: 'cab.developer', displayName: '李娜 (市民政局 应用开发)', roles: ['developer:SH-CAB'] },
];

/**
 * Creates the demo staff with fresh passwords. The developer works on the applications of the district
 * office and marriage registration demo scenarios (the civil affairs bureau's).
 */
export async function createDemoStaff(prisma: PrismaClient): Promise<DemoStaffMember[]> {
  const applications = await prisma.scenarioApplication.findMany({
    where: { scenarioCode: { in: ['district-office', 'marriage-registration'] } },
    select: { applicationId: true },
  });
  const created: DemoStaffMember[] = [];
  for (const member of DEMO_STAFF) {
    const password = randomBytes(12).toString('base64url');
    const roles = member.roles.map((text) =>
      text.startsWith('developer:') ? `${text}:${[...new Set(applications.map((a) => a.applicationId))].join(',')}` : text,
    );
    await createStaffAccount(prisma, { username: member.username, displayName: member.displayName, password, roles: roles.map(parseStaffRole) });
    created.push({ ...member, password });
  }
  return created;
}
