import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Tag } from 'antd';
import { request, type Role } from '../api';
import { CATALOG_ITEMS } from '../catalogItems';
import { CatalogPicker } from '../CatalogPicker';
import { graphql } from '../generated';
import { useText } from '../i18n';
import { useQuery } from '../useQuery';

const SHARE_REQUESTS = graphql(`
  query ShareRequests {
    scenarios {
      code
      name
    }
    shareRequests {
      id
      submittedAt
      justification
      scenario {
        code
      }
      department {
        code
      }
      submittedBy {
        person
      }
      items {
        id
        coordinate
        status
        dueOn
        overdue
        reason
        owner {
          code
        }
        decidedBy {
          person
        }
      }
    }
  }
`);

const SUBMIT = graphql(`
  mutation SubmitShareRequest($input: ShareRequestInput!) {
    submitShareRequest(input: $input) {
      id
      items {
        coordinate
        status
      }
    }
  }
`);

const STATUS_COLOURS: Record<string, string> = { APPROVED: 'green', REFUSED: 'red', PENDING: 'blue' };

/** Share requests: a developer submits one for a scenario of theirs with the catalog picker; everyone with the page follows each item to its decision. */
export function ShareRequests({ role }: { role: Role }) {
  const t = useText();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useQuery(SHARE_REQUESTS);
  const catalog = useQuery(CATALOG_ITEMS);
  const [form] = Form.useForm<{ scenarioCode: string; coordinates: string[]; justification: string; legalBasis: string }>();
  if (error) return <Alert type="error" title={error.message} showIcon />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {role !== 'AUDITOR' && (
        <Card title={t('submitRequest')}>
          <Form
            form={form}
            layout="vertical"
            onFinish={async (input) => {
              try {
                const { submitShareRequest } = await request(SUBMIT, { input });
                message.success(submitShareRequest.items.map((i) => `${i.coordinate}: ${i.status}`).join(', '));
                form.resetFields();
                void reload();
              } catch (e) {
                message.error((e as Error).message);
              }
            }}
          >
            <Form.Item name="scenarioCode" label={t('scenario')} rules={[{ required: true }]}>
              <Select aria-label="scenario" options={(data?.scenarios ?? []).map((s) => ({ value: s.code, label: `${s.code} ${s.name}` }))} />
            </Form.Item>
            <Form.Item name="coordinates" label={t('coordinate')} rules={[{ required: true }]}>
              <CatalogPicker items={catalog.data?.catalog ?? []} />
            </Form.Item>
            <Form.Item name="justification" label={t('justification')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="legalBasis" label={t('legalBasis')} rules={[{ required: true, whitespace: true }]}>
              <Input />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('submit')}
            </Button>
          </Form>
        </Card>
      )}
      <Card title={t('shareRequests')}>
        <Table
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data?.shareRequests}
          columns={[
            { title: t('scenario'), render: (_, r) => r.scenario.code },
            { title: t('departments'), render: (_, r) => r.department.code },
            { title: t('person'), render: (_, r) => r.submittedBy.person ?? '—' },
            { title: 'submitted', dataIndex: 'submittedAt', render: (v: string) => v.slice(0, 16).replace('T', ' ') },
            {
              title: t('coordinate'),
              render: (_, r) => (
                <Space size={[4, 4]} wrap>
                  {r.items.map((i) => (
                    <Tag
                      key={i.id}
                      color={i.overdue ? 'red' : STATUS_COLOURS[i.status]}
                      title={[i.owner.code, i.dueOn, i.reason, i.decidedBy?.person].filter(Boolean).join(' · ')}
                    >
                      {i.coordinate} · {i.status}
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
