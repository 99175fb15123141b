import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Modal, Popconfirm, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { request } from '../api';
import { graphql } from '../generated';
import { useText } from '../i18n';
import { useAct, useQuery } from '../useQuery';

const REGISTRY = graphql(`
  query Registry {
    departments {
      code
      name
    }
    applications {
      id
      name
      createdAt
      department {
        code
      }
      scenarios {
        code
      }
      apiKeys {
        id
        prefix
        createdAt
        revokedAt
      }
    }
  }
`);
const CREATE_DEPARTMENT = graphql(`
  mutation CreateDepartment($input: CreateDepartmentInput!) {
    createDepartment(input: $input) {
      code
    }
  }
`);
const CREATE_APPLICATION = graphql(`
  mutation CreateApplication($input: CreateApplicationInput!) {
    createApplication(input: $input) {
      id
    }
  }
`);
const ISSUE_KEY = graphql(`
  mutation IssueKey($id: ID!) {
    issueApiKey(applicationId: $id) {
      secret
      apiKey {
        prefix
      }
    }
  }
`);
const REVOKE_KEY = graphql(`
  mutation RevokeKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

/** Departments, applications and their keys: register, issue a key (its secret shown once), revoke. */
export function Registry() {
  const t = useText();
  const { data, error, loading, reload } = useQuery(REGISTRY);
  const [secret, setSecret] = useState<string>();
  const run = useAct();
  const act = (what: () => Promise<unknown>) => run(what, reload);
  if (error) return <Alert type="error" title={error.message} showIcon />;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={8}>
        <Card title={t('departments')}>
          <Form
            layout="inline"
            onFinish={(input: { code: string; name: string }) => act(() => request(CREATE_DEPARTMENT, { input }))}
            style={{ marginBottom: 12, rowGap: 8 }}
          >
            <Form.Item name="code" rules={[{ required: true, pattern: /^[A-Z0-9-]{2,32}$/ }]}>
              <Input placeholder="SH-HEALTH" style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name="name" rules={[{ required: true }]}>
              <Input placeholder="上海市卫生健康委员会" style={{ width: 170 }} />
            </Form.Item>
            <Button htmlType="submit">+</Button>
          </Form>
          <Table
            rowKey="code"
            size="small"
            loading={loading}
            pagination={false}
            dataSource={data?.departments}
            columns={[{ dataIndex: 'code' }, { dataIndex: 'name' }]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={16}>
        <Card title={t('applications')}>
          <Form
            layout="inline"
            onFinish={(input: { name: string; departmentCode: string }) => act(() => request(CREATE_APPLICATION, { input }))}
            style={{ marginBottom: 12, rowGap: 8 }}
          >
            <Form.Item name="name" rules={[{ required: true }]}>
              <Input placeholder={t('applications')} style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="departmentCode" rules={[{ required: true }]}>
              <Select
                aria-label="department"
                placeholder={t('departments')}
                style={{ width: 140 }}
                options={(data?.departments ?? []).map((d) => ({ value: d.code, label: d.code }))}
              />
            </Form.Item>
            <Button htmlType="submit">+</Button>
          </Form>
          <Table
            rowKey="id"
            size="small"
            loading={loading}
            dataSource={data?.applications}
            columns={[
              { title: t('applications'), dataIndex: 'name' },
              { title: t('departments'), render: (_, a) => a.department.code },
              { title: t('scenarios'), render: (_, a) => a.scenarios.map((s) => <Tag key={s.code}>{s.code}</Tag>) },
              {
                title: 'keys',
                render: (_, a) => (
                  <Space orientation="vertical" size={2}>
                    {a.apiKeys.map((k) =>
                      k.revokedAt ? (
                        <Typography.Text key={k.id} delete type="secondary">
                          {k.prefix}…
                        </Typography.Text>
                      ) : (
                        <Popconfirm key={k.id} title={`${k.prefix}… revoke?`} onConfirm={() => act(() => request(REVOKE_KEY, { id: k.id }))}>
                          <Typography.Link>{k.prefix}… ✕</Typography.Link>
                        </Popconfirm>
                      ),
                    )}
                  </Space>
                ),
              },
              {
                render: (_, a) => (
                  <Button size="small" onClick={() => act(async () => setSecret((await request(ISSUE_KEY, { id: a.id })).issueApiKey.secret))}>
                    + key
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      </Col>
      <Modal
        open={!!secret}
        title="API key"
        onOk={() => setSecret(undefined)}
        onCancel={() => setSecret(undefined)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type="warning" showIcon title="只显示这一次 · shown this once: only its hash is kept" style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code data-testid="secret">
          {secret}
        </Typography.Paragraph>
      </Modal>
    </Row>
  );
}
