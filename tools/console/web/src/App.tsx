import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Result, Segmented, Select, Space, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { chooseRole, readSession, signOut, whenSignedOut, type Role, type Session } from './api';
import { LanguageContext, useText, type Language, type TextKey } from './i18n';
import { usePage } from './router';
import { SignIn } from './pages/SignIn';
import { Dashboard } from './pages/Dashboard';
import { Scenarios } from './pages/Scenarios';
import { Catalog } from './pages/Catalog';
import { ShareRequests } from './pages/ShareRequests';
import { ReviewQueue } from './pages/ReviewQueue';
import { Audit } from './pages/Audit';
import { Registry } from './pages/Registry';
import { Quality } from './pages/Quality';

interface PageDefinition {
  path: string;
  label: TextKey;
  /** The roles whose scenario is granted what the page reads; the menu shows no other page. */
  roles: Role[];
  render: (session: Session) => ReactNode;
}

const PAGES: PageDefinition[] = [
  { path: '/', label: 'dashboard', roles: ['ADMIN', 'AUDITOR'], render: () => <Dashboard /> },
  { path: '/review', label: 'reviewQueue', roles: ['REVIEWER'], render: (s) => <ReviewQueue department={s.department!} /> },
  { path: '/share-requests', label: 'shareRequests', roles: ['ADMIN', 'AUDITOR', 'DEVELOPER'], render: (s) => <ShareRequests role={s.role} /> },
  { path: '/scenarios', label: 'scenarios', roles: ['ADMIN', 'AUDITOR', 'DEVELOPER'], render: (s) => <Scenarios role={s.role} /> },
  { path: '/catalog', label: 'catalog', roles: ['ADMIN', 'REVIEWER', 'STEWARD', 'AUDITOR', 'DEVELOPER'], render: (s) => <Catalog role={s.role} /> },
  { path: '/quality', label: 'quality', roles: ['ADMIN', 'STEWARD'], render: (s) => <Quality role={s.role} /> },
  { path: '/audit', label: 'audit', roles: ['ADMIN', 'AUDITOR'], render: () => <Audit /> },
  { path: '/registry', label: 'registry', roles: ['ADMIN'], render: () => <Registry /> },
];

/** The first page a role may open: its home. */
const homeOf = (role: Role) => PAGES.find((p) => p.roles.includes(role))!.path;

function Console({
  session,
  onSession,
  language,
  onLanguage,
}: {
  session: Session;
  onSession: (s: Session | null) => void;
  language: Language;
  onLanguage: (l: Language) => void;
}) {
  const t = useText();
  const [page, go] = usePage();
  const allowed = PAGES.filter((p) => p.roles.includes(session.role));
  const current = PAGES.find((p) => p.path === page) ?? (page === '/' ? undefined : null);
  useEffect(() => {
    // The root opens the role's home; a role without the dashboard starts elsewhere.
    if (page === '/' && !allowed.some((p) => p.path === '/')) go(homeOf(session.role));
  }, [page, session.role]);
  const roleValue = (r: { role: Role; department: string | null }) => `${r.role}:${r.department ?? ''}`;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="light" breakpoint="lg" collapsedWidth={0}>
        <div style={{ padding: '16px 20px', fontWeight: 600 }}>{t('title')}</div>
        <Menu
          mode="inline"
          selectedKeys={[page]}
          items={allowed.map((p) => ({ key: p.path, label: t(p.label) }))}
          onClick={({ key }) => go(key)}
          aria-label="navigation"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 16, paddingInline: 24 }}>
          <Typography.Text data-testid="person">{session.person.displayName}</Typography.Text>
          <Space>
            <Typography.Text type="secondary">{t('actingAs')}</Typography.Text>
            <Select
              aria-label="role"
              value={roleValue(session)}
              style={{ minWidth: 200 }}
              options={session.roles.map((r) => ({ value: roleValue(r), label: `${t(r.role)}${r.department ? ` · ${r.department}` : ''}` }))}
              onChange={async (value: string) => {
                const [role, department] = value.split(':') as [Role, string];
                const next = await chooseRole(role, department || null);
                onSession(next);
                go(homeOf(next.role));
              }}
            />
          </Space>
          <Segmented
            size="small"
            value={language}
            onChange={(l) => onLanguage(l as Language)}
            options={[
              { value: 'zh', label: '中文' },
              { value: 'en', label: 'EN' },
            ]}
          />
          <Button
            onClick={async () => {
              await signOut().catch(() => {});
              onSession(null);
            }}
          >
            {t('signOut')}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          {current === null || (current && !current.roles.includes(session.role)) ? (
            <Result status="403" title="403" subTitle={t('noAccess')} />
          ) : current ? (
            <div key={`${session.role}:${session.department}`}>{current.render(session)}</div>
          ) : null}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [language, setLanguage] = useState<Language>(() => (localStorage.getItem('civicgraph.language') as Language) ?? 'zh');
  useEffect(() => {
    whenSignedOut(() => setSession(null));
    readSession().then(setSession, () => setSession(null));
  }, []);
  const locale = useMemo(() => (language === 'zh' ? zhCN : enUS), [language]);
  const choose = (l: Language) => {
    localStorage.setItem('civicgraph.language', l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    setLanguage(l);
  };
  return (
    <LanguageContext.Provider value={language}>
      <ConfigProvider locale={locale} componentSize="middle" theme={{ token: { borderRadius: 4 } }}>
        <AntApp>
          {session === undefined ? (
            <Spin style={{ marginTop: 120, width: '100%' }} />
          ) : session ? (
            <Console session={session} onSession={setSession} language={language} onLanguage={choose} />
          ) : (
            <SignIn onSignedIn={setSession} />
          )}
        </AntApp>
      </ConfigProvider>
    </LanguageContext.Provider>
  );
}
