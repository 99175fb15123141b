import type { PrismaClient } from '@civicgraph/prisma/governance';

/** The city's departments: owners of the base databases, and the big-data centre that runs the platform. */
const DEPARTMENTS = [
  { code: 'SH-PSB', name: '上海市公安局' },
  { code: 'SH-AMR', name: '上海市市场监督管理局' },
  { code: 'SH-PNR', name: '上海市规划和自然资源局' },
  { code: 'SH-BDC', name: '上海市大数据中心' },
  { code: 'SH-CAB', name: '上海市民政局' },
  // Not a department: outside organisations using conditionally open data hold their applications here.
  { code: 'SH-EXT', name: '社会主体（开放数据使用方） Outside organisations' },
];

/** Creates the city departments once (the admin scenario and every application belong to one). */
export async function ensureDepartments(prisma: PrismaClient): Promise<void> {
  for (const department of DEPARTMENTS) {
    await prisma.department.upsert({ where: { code: department.code }, update: {}, create: department });
  }
}
