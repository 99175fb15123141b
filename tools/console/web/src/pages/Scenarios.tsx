import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Input, Modal, Select, Space, Switch, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { request, type Role } from '../api';
import { CATALOG_ITEMS, SHARING_COLOURS } from '../catalogItems';
import { CatalogPicker } from '../CatalogPicker';
import { graphql } from '../generated';
import type { ScenarioChangeInput, ScenarioQuery } from '../generated/graphql';
import type { CatalogEntry } from '../catalogItems';
import { useText } from '../i18n';
import { useAct, useQuery } from '../useQuery';

const SCENARIOS = graphql(`
  query Scenarios {
    scenarios {
      code
      name
      status
      version
      validUntil
      department {
        code
      }
    }
    departments {
      code
      name
    }
    applications {
      id
      name
    }
  }
`);

const BIND = graphql(`
  mutation Bind($code: String!, $id: ID!) {
    bindApplication(scenarioCode: $code, applicationId: $id) {
      code
      version
    }
  }
`);

const SCENARIO = graphql(`
  query Scenario($code: String!) {
    scenario(code: $code) {
      code
      name
      purpose
      legalBasis
      status
      version
      validFrom
      validUntil
      useReasonRequired
      updatedAt
      department {
        code
        name
      }
      constraints {
        selfOnly
        districts
        lookupOnly
        maxRows
      }
      applications {
        id
        name
      }
      grants {
        coordinate
        mask
        expiresAt
      }
      revisions {
        version
        at
        status
        grantsAdded {
          coordinate
          mask
          expiresAt
        }
        grantsRemoved
        grantsChanged {
          coordinate
          mask
          expiresAt
        }
        applicationsBound {
          name
        }
        applicationsUnbound {
          name
        }
        otherChanges
      }
    }
  }
`);

const CONTRACT = graphql(`
  query Contract($code: String!) {
    scenarioSchema(code: $code)
  }
`);

const UPDATE = graphql(`
  mutation UpdateScenario($code: String!, $input: UpdateScenarioInput!) {
    updateScenario(code: $code, input: $input) {
      code
      version
    }
  }
`);

const ADD_GRANTS = graphql(`
  mutation AddGrants($code: String!, $grants: [GrantInput!]!) {
    addGrants(scenarioCode: $code, grants: $grants) {
      code
      version
    }
  }
`);

const IMPACT = graphql(`
  query Impact($change: ScenarioChangeInput!) {
    impactOf(change: $change, days: 90) {
      requests
      operations {
        operationName
        breaks
        requests
        lastSeen
        applications {
          name
        }
      }
      registeredOperations {
        id
        name
      }
    }
  }
`);

const CREATE = graphql(`
  mutation CreateScenario($input: CreateScenarioInput!, $code: String!, $grants: [GrantInput!]!) {
    createScenario(input: $input) {
      code
    }
    addGrants(scenarioCode: $code, grants: $grants) {
      code
      version
    }
  }
`);

const SUSPEND = graphql(`
  mutation Suspend($code: String!) {
    suspendScenario(code: $code) {
      code
      status
    }
  }
`);
const RESUME = graphql(`
  mutation Resume($code: String!) {
    resumeScenario(code: $code) {
      code
      status
    }
  }
`);
const REMOVE_GRANT = graphql(`
  mutation RemoveGrant($code: String!, $coordinate: String!) {
    removeGrants(scenarioCode: $code, coordinates: [$coordinate], force: true) {
      code
      version
    }
  }
`);

/** Scenarios: the list, each one's grants joined to the catalog; administrators create them with the catalog picker, suspend and resume them, and remove grants after seeing the impact. */
export function Scenarios({ role }: { role: Role }) {
  const t = useText();
  const { message, modal } = App.useApp();
  const run = useAct();
  const list = useQuery(SCENARIOS);
  const catalog = useQuery(CATALOG_ITEMS);
  const [open, setOpen] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState(false);
  const detail = useQuery(SCENARIO, { code: open ?? '' }, !open);
  const admin = role === 'ADMIN';
  const byCoordinate = useMemo(() => new Map((catalog.data?.catalog ?? []).map((i) => [i.coordinate, i])), [catalog.data]);

  /** Shows what the change would break (from the request log) and asks before making it. */
  const withImpact = async (change: ScenarioChangeInput, title: string, act: () => Promise<unknown>) => {
    const { impactOf } = await request(IMPACT, { change });
    modal.confirm({
      title,
      width: 720,
      content: (
        <div data-testid="impact">
          <Typography.Paragraph>
            {t('impact')}: {impactOf.operations.length} operations, {impactOf.requests} {t('requests')} (90 d); {impactOf.registeredOperations.length}{' '}
            registered
          </Typography.Paragraph>
          <Table
            size="small"
            pagination={false}
            rowKey={(o) => `${o.operationName}:${o.lastSeen}`}
            dataSource={impactOf.operations}
            columns={[
              { title: 'operation', render: (_, o) => o.operationName ?? '(anonymous)' },
              { title: t('coordinate'), render: (_, o) => o.breaks.join(', ') },
              { title: t('requests'), dataIndex: 'requests' },
              { title: t('applications'), render: (_, o) => o.applications.map((a) => a.name).join(', ') },
            ]}
          />
        </div>
      ),
      onOk: async () => {
        try {
          await act();
          message.success(title);
          void detail.reload();
          void list.reload();
        } catch (e) {
          message.error((e as Error).message);
        }
      },
    });
  };

  if (list.error) return <Alert type="error" title={list.error.message} showIcon />;
  const scenario = detail.data?.scenario;
  return (
    <Card
      title={t('scenarios')}
      extra={
        admin && (
          <Button type="primary" onClick={() => setCreating(true)}>
            + {t('scenario')}
          </Button>
        )
      }
    >
      <Table
        rowKey="code"
        size="small"
        loading={list.loading}
        dataSource={list.data?.scenarios}
        onRow={(s) => ({ onClick: () => setOpen(s.code), style: { cursor: 'pointer' } })}
        columns={[
          { title: 'code', dataIndex: 'code' },
          { title: t('scenario'), dataIndex: 'name' },
          { title: t('departments'), render: (_, s) => s.department.code },
          { title: t('status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'ACTIVE' ? 'green' : 'orange'}>{s}</Tag> },
          { title: 'v', dataIndex: 'version' },
          { title: t('expiresAt'), dataIndex: 'validUntil', render: (v?: string | null) => v?.slice(0, 10) ?? '—' },
        ]}
      />
      <Drawer
        open={!!open}
        width={960}
        onClose={() => setOpen(undefined)}
        title={scenario ? `${scenario.code} · ${scenario.name}` : open}
        loading={detail.loading}
      >
        {detail.error && <Alert type="error" title={detail.error.message} showIcon />}
        {scenario && (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('departments')}>{`${scenario.department.code} ${scenario.department.name}`}</Descriptions.Item>
              <Descriptions.Item label={t('status')}>
                <Tag color={scenario.status === 'ACTIVE' ? 'green' : 'orange'}>{scenario.status}</Tag> v{scenario.version} · {scenario.updatedAt.slice(0, 16)}
              </Descriptions.Item>
              <Descriptions.Item label={t('justification')} span={2}>
                {scenario.purpose}
              </Descriptions.Item>
              <Descriptions.Item label={t('legalBasis')} span={2}>
                {scenario.legalBasis}
              </Descriptions.Item>
              <Descriptions.Item label={t('constraints')} span={2}>
                {[
                  scenario.constraints.selfOnly && 'selfOnly',
                  scenario.constraints.lookupOnly && 'lookupOnly',
                  scenario.constraints.districts && `districts ${scenario.constraints.districts.join(', ')}`,
                  scenario.constraints.maxRows && `maxRows ${scenario.constraints.maxRows}`,
                  scenario.useReasonRequired && 'useReason',
                ]
                  .filter(Boolean)
                  .join(' · ') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('expiresAt')}>{`${scenario.validFrom.slice(0, 10)} → ${scenario.validUntil?.slice(0, 10) ?? '∞'}`}</Descriptions.Item>
              <Descriptions.Item label={t('applications')}>{scenario.applications.map((a) => a.name).join(', ') || '—'}</Descriptions.Item>
            </Descriptions>
            {admin && (
              <Space>
                <Button onClick={() => setEditing(true)}>{t('edit')}</Button>
                <Select
                  aria-label="bind application"
                  placeholder={`+ ${t('applications')}`}
                  style={{ width: 260 }}
                  value={null}
                  options={(list.data?.applications ?? [])
                    .filter((a) => !scenario.applications.some((b) => b.id === a.id))
                    .map((a) => ({ value: a.id, label: a.name }))}
                  onChange={(id: string) => run(() => request(BIND, { code: scenario.code, id }), detail.reload)}
                />
                {scenario.status === 'ACTIVE' ? (
                  <Button
                    danger
                    onClick={() =>
                      withImpact({ scenario: scenario.code, suspend: true }, `${t('suspend')} ${scenario.code}`, () =>
                        request(SUSPEND, { code: scenario.code }),
                      )
                    }
                  >
                    {t('suspend')}
                  </Button>
                ) : (
                  <Button
                    onClick={() =>
                      run(
                        () => request(RESUME, { code: scenario.code }),
                        () => (detail.reload(), list.reload()),
                      )
                    }
                  >
                    {t('resume')}
                  </Button>
                )}
              </Space>
            )}
            <Tabs
              items={[
                {
                  key: 'grants',
                  label: `${t('grants')} (${scenario.grants.length})`,
                  children: (
                    <>
                      {admin && (
                        <AddGrants
                          code={scenario.code}
                          items={catalog.data?.catalog ?? []}
                          held={scenario.grants.map((g) => g.coordinate)}
                          onAdded={() => void detail.reload()}
                        />
                      )}
                      <Table
                        rowKey="coordinate"
                        size="small"
                        pagination={false}
                        dataSource={scenario.grants}
                        columns={[
                          { title: t('coordinate'), dataIndex: 'coordinate' },
                          { title: t('owner'), render: (_, g) => byCoordinate.get(g.coordinate)?.ownerCode ?? '—' },
                          {
                            title: t('sharing'),
                            render: (_, g) => {
                              const sharing = byCoordinate.get(g.coordinate)?.sharing;
                              return sharing ? <Tag color={SHARING_COLOURS[sharing]}>{sharing}</Tag> : '—';
                            },
                          },
                          { title: t('grade'), render: (_, g) => byCoordinate.get(g.coordinate)?.grade ?? '—' },
                          { title: t('legalBasis'), ellipsis: true, render: (_, g) => byCoordinate.get(g.coordinate)?.legalBasis ?? '—' },
                          { title: t('mask'), dataIndex: 'mask', render: (m?: string | null) => (m ? <Tag color="purple">{m}</Tag> : '—') },
                          { title: t('expiresAt'), dataIndex: 'expiresAt', render: (v?: string | null) => v?.slice(0, 10) ?? '—' },
                          ...(admin
                            ? [
                                {
                                  title: '',
                                  render: (_: unknown, g: { coordinate: string }) => (
                                    <Button
                                      size="small"
                                      danger
                                      onClick={() =>
                                        withImpact({ scenario: scenario.code, removeGrants: [g.coordinate] }, `− ${g.coordinate}`, () =>
                                          request(REMOVE_GRANT, { code: scenario.code, coordinate: g.coordinate }),
                                        )
                                      }
                                    >
                                      −
                                    </Button>
                                  ),
                                },
                              ]
                            : []),
                        ]}
                      />
                    </>
                  ),
                },
                { key: 'history', label: t('history'), children: <History revisions={scenario.revisions} /> },
                { key: 'contract', label: t('contract'), children: <Contract code={scenario.code} /> },
              ]}
            />
          </Space>
        )}
      </Drawer>
      {scenario && (
        <Modal open={editing} title={`${t('edit')} · ${scenario.code}`} footer={null} onCancel={() => setEditing(false)} width={640} destroyOnHidden>
          <Form
            layout="vertical"
            initialValues={{
              name: scenario.name,
              purpose: scenario.purpose,
              legalBasis: scenario.legalBasis,
              validUntil: scenario.validUntil?.slice(0, 10),
              useReasonRequired: scenario.useReasonRequired,
            }}
            onFinish={async ({
              validUntil,
              ...rest
            }: {
              name: string;
              purpose: string;
              legalBasis: string;
              validUntil?: string;
              useReasonRequired: boolean;
            }) => {
              try {
                await request(UPDATE, {
                  code: scenario.code,
                  input: { ...rest, validUntil: validUntil ? new Date(`${validUntil}T23:59:59+08:00`).toISOString() : null },
                });
                setEditing(false);
                void detail.reload();
                void list.reload();
              } catch (e) {
                message.error((e as Error).message);
              }
            }}
          >
            <Form.Item name="name" label={t('scenario')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="purpose" label={t('justification')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="legalBasis" label={t('legalBasis')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="validUntil" label={t('expiresAt')} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
              <Input placeholder="2027-12-31" />
            </Form.Item>
            <Form.Item name="useReasonRequired" label="useReasonRequired" valuePropName="checked">
              <Switch />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('submit')}
            </Button>
          </Form>
        </Modal>
      )}
      <Modal open={creating} title={`+ ${t('scenario')}`} footer={null} onCancel={() => setCreating(false)} width={760} destroyOnHidden>
        <Form
          layout="vertical"
          onFinish={async ({
            coordinates,
            ...input
          }: {
            code: string;
            name: string;
            purpose: string;
            legalBasis: string;
            departmentCode: string;
            coordinates: string[];
          }) => {
            try {
              await request(CREATE, { input, code: input.code, grants: coordinates.map((coordinate) => ({ coordinate })) });
              message.success(input.code);
              setCreating(false);
              void list.reload();
            } catch (e) {
              message.error((e as Error).message);
            }
          }}
        >
          <Form.Item name="code" label="code" rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{0,63}$/ }]}>
            <Input placeholder="newborn-registration" />
          </Form.Item>
          <Form.Item name="name" label={t('scenario')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="departmentCode" label={t('departments')} rules={[{ required: true }]}>
            <Select aria-label="department" options={(list.data?.departments ?? []).map((d) => ({ value: d.code, label: `${d.code} ${d.name}` }))} />
          </Form.Item>
          <Form.Item name="purpose" label={t('justification')} rules={[{ required: true }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="legalBasis" label={t('legalBasis')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="coordinates" label={t('grants')} rules={[{ required: true }]}>
            <CatalogPicker items={catalog.data?.catalog ?? []} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('submit')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}

/** Grants more fields with the catalog picker (the platform checks each: sharing, masks undone, legal basis). */
function AddGrants({ code, items, held, onAdded }: { code: string; items: readonly CatalogEntry[]; held: string[]; onAdded: () => void }) {
  const t = useText();
  const run = useAct();
  const [picked, setPicked] = useState<string[]>([]);
  return (
    <Space style={{ marginBottom: 12, width: '100%' }}>
      <div style={{ width: 560 }}>
        <CatalogPicker items={items.filter((i) => !held.includes(i.coordinate))} value={picked} onChange={setPicked} />
      </div>
      <Button
        disabled={!picked.length}
        onClick={() =>
          run(
            () => request(ADD_GRANTS, { code, grants: picked.map((coordinate) => ({ coordinate })) }),
            () => (setPicked([]), onAdded()),
          )
        }
      >
        + {t('grants')}
      </Button>
    </Space>
  );
}

/** The scenario's versions, newest first, each with what it changed. */
function History({ revisions }: { revisions: NonNullable<ScenarioQuery['scenario']>['revisions'] }) {
  const terms = (g: { coordinate: string; mask?: string | null; expiresAt?: string | null }) =>
    [g.coordinate, g.mask && `(${g.mask})`, g.expiresAt && `→ ${g.expiresAt.slice(0, 10)}`].filter(Boolean).join(' ');
  return (
    <Timeline
      data-testid="history"
      items={revisions.map((r) => ({
        color: r.grantsRemoved.length || r.applicationsUnbound.length ? 'red' : 'blue',
        content: (
          <Space orientation="vertical" size={2}>
            <Typography.Text strong>
              v{r.version} · {r.at.slice(0, 19).replace('T', ' ')}
            </Typography.Text>
            {r.grantsAdded.map((g) => (
              <Typography.Text key={`+${g.coordinate}`} type="success">
                + {terms(g)}
              </Typography.Text>
            ))}
            {r.grantsRemoved.map((c) => (
              <Typography.Text key={`-${c}`} type="danger">
                − {c}
              </Typography.Text>
            ))}
            {r.grantsChanged.map((g) => (
              <Typography.Text key={`~${g.coordinate}`} type="warning">
                ~ {terms(g)}
              </Typography.Text>
            ))}
            {r.applicationsBound.map((a) => (
              <Typography.Text key={`+${a.name}`}>+ {a.name}</Typography.Text>
            ))}
            {r.applicationsUnbound.map((a) => (
              <Typography.Text key={`-${a.name}`}>− {a.name}</Typography.Text>
            ))}
            {r.otherChanges.map((c) => (
              <Typography.Text key={c} type="secondary">
                {c}
              </Typography.Text>
            ))}
          </Space>
        ),
      }))}
    />
  );
}

/** The scenario's contract: the schema its applications see, each field with what applies to it. */
function Contract({ code }: { code: string }) {
  const { data, error, loading } = useQuery(CONTRACT, { code });
  if (error) return <Alert type="error" title={error.message} showIcon />;
  return (
    <Typography.Paragraph copyable={!!data?.scenarioSchema} data-testid="contract">
      <pre style={{ maxHeight: 520, overflow: 'auto', fontSize: 12 }}>{loading ? '…' : (data?.scenarioSchema ?? '—')}</pre>
    </Typography.Paragraph>
  );
}
