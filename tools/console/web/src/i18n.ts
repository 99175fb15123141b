import { createContext, useContext } from 'react';

export type Language = 'zh' | 'en';

/** Every label of the console, Chinese first. */
const TEXT = {
  title: ['CivicGraph 治理控制台', 'CivicGraph governance console'],
  signIn: ['登录', 'Sign in'],
  signInWith: ['通过{name}登录', 'Sign in with {name}'],
  username: ['用户名', 'Username'],
  password: ['密码', 'Password'],
  signOut: ['退出', 'Sign out'],
  actingAs: ['当前角色', 'Acting as'],
  dashboard: ['总览', 'Dashboard'],
  scenarios: ['应用场景', 'Scenarios'],
  catalog: ['资源目录', 'Catalog'],
  shareRequests: ['共享申请', 'Share requests'],
  reviewQueue: ['待审核', 'Review queue'],
  audit: ['审计', 'Audit'],
  registry: ['部门与应用', 'Departments & applications'],
  quality: ['数据质量', 'Data quality'],
  ADMIN: ['平台管理员', 'Administrator'],
  REVIEWER: ['共享审核员', 'Reviewer'],
  STEWARD: ['数据管理员', 'Data steward'],
  AUDITOR: ['审计员', 'Auditor'],
  DEVELOPER: ['应用开发者', 'Developer'],
  requests: ['请求', 'Requests'],
  refusals: ['拒绝', 'Refusals'],
  requestsPerDay: ['每日请求与拒绝', 'Requests and refusals per day'],
  byDepartment: ['按部门', 'By department'],
  byScenario: ['按场景', 'By scenario'],
  pending: ['待办', 'Pending'],
  overdue: ['已超期', 'Overdue'],
  late: ['逾期办结', 'Answered late'],
  shareItems: ['共享事项', 'Share items'],
  approve: ['同意', 'Approve'],
  refuse: ['不同意', 'Refuse'],
  reason: ['理由', 'Reason'],
  grantExpiresAt: ['授权有效期至', 'Grant expires at'],
  dueOn: ['办理时限', 'Due on'],
  coordinate: ['数据项', 'Data item'],
  owner: ['数源部门', 'Owner'],
  sharing: ['共享属性', 'Sharing'],
  grade: ['分级', 'Grade'],
  legalBasis: ['依据', 'Legal basis'],
  database: ['基础库', 'Database'],
  submit: ['提交', 'Submit'],
  submitRequest: ['提交共享申请', 'Submit a share request'],
  scenario: ['场景', 'Scenario'],
  justification: ['申请事由', 'Justification'],
  status: ['状态', 'Status'],
  requestLog: ['请求日志', 'Request log'],
  whoRead: ['谁读取了该记录', 'Who read this record'],
  citizenLog: ['公民查询记录', "A citizen's access log"],
  chain: ['日志链校验', 'Chain verification'],
  search: ['查询', 'Search'],
  export: ['导出', 'Export'],
  evaluation: ['部门考核', 'Department evaluation'],
  applications: ['应用', 'Applications'],
  departments: ['部门', 'Departments'],
  grants: ['授权字段', 'Grants'],
  mask: ['脱敏', 'Mask'],
  expiresAt: ['有效期', 'Expires'],
  constraints: ['行级约束', 'Row constraints'],
  suspend: ['暂停', 'Suspend'],
  resume: ['恢复', 'Resume'],
  impact: ['影响分析', 'Impact analysis'],
  person: ['人员', 'Person'],
  decision: ['决定', 'Decision'],
  at: ['时间', 'At'],
  operation: ['操作', 'Operation'],
  records: ['记录数', 'Records'],
  subject: ['办理对象', 'Subject'],
  requestId: ['请求编号', 'Request id'],
  edit: ['编辑', 'Edit'],
  history: ['版本历史', 'History'],
  contract: ['接口契约', 'Contract'],
  noAccess: ['当前角色无权访问此页面', 'Your role cannot open this page'],
} satisfies Record<string, [string, string]>;

export type TextKey = keyof typeof TEXT;

export const LanguageContext = createContext<Language>('zh');

/** The console's labels in the chosen language (`{name}` placeholders filled from `values`). */
export function useText() {
  const language = useContext(LanguageContext);
  return (key: TextKey, values: Record<string, string> = {}) =>
    TEXT[key][language === 'zh' ? 0 : 1].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}
