import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { request } from '../api';
import { graphql } from '../generated';
import type { AuditRequestFilter, DisclosureFilter, RequestLogQuery, WhoReadQuery } from '../generated/graphql';
import { useText } from '../i18n';

const REQUEST_LOG = graphql(`
  query RequestLog($filter: AuditRequestFilter, $after: String) {
    auditRequests(filter: $filter, first: 50, after: $after) {
      nodes {
        requestId
        at
        person
        subject
        useReason
        operationName
        decision
        released
        records
        errorCodes
        coordinates
        application {
          name
        }
        scenario {
          code
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const WHO_READ = graphql(`
  query WhoRead($filter: DisclosureFilter!) {
    populationDisclosures(filter: $filter, first: 100) {
      nodes {
        requestId
        at
        entityType
        fields
        maskedFields
        useReason
        subject
        application {
          name
        }
        scenario {
          code
        }
        department {
          code
        }
      }
    }
    legalEntityDisclosures(filter: $filter, first: 100) {
      nodes {
        requestId
        at
        entityType
        fields
        maskedFields
        useReason
        subject
        application {
          name
        }
        scenario {
          code
        }
        department {
          code
        }
      }
    }
    spatialDisclosures(filter: $filter, first: 100) {
      nodes {
        requestId
        at
        entityType
        fields
        maskedFields
        useReason
        subject
        application {
          name
        }
        scenario {
          code
        }
        department {
          code
        }
      }
    }
    licenseDisclosures(filter: $filter, first: 100) {
      nodes {
        requestId
        at
        entityType
        fields
        maskedFields
        useReason
        subject
        application {
          name
        }
        scenario {
          code
        }
        department {
          code
        }
      }
    }
  }
`);

const CHAIN = graphql(`
  query AuditChains {
    requestLogChain {
      table
      records
      headSeq
      headHash
      problem
      verifiedAt
    }
    populationDisclosureChain {
      table
      records
      headSeq
      headHash
      problem
      verifiedAt
    }
    legalEntityDisclosureChain {
      table
      records
      headSeq
      headHash
      problem
      verifiedAt
    }
    spatialDisclosureChain {
      table
      records
      headSeq
      headHash
      problem
      verifiedAt
    }
    licenseDisclosureChain {
      table
      records
      headSeq
      headHash
      problem
      verifiedAt
    }
  }
`);

type RequestRow = RequestLogQuery['auditRequests']['nodes'][number];
type DisclosureRow = WhoReadQuery['populationDisclosures']['nodes'][number] & { owner: string };

const ENTITY_TYPES = ['Person', 'LegalEntity', 'Division', 'Address', 'License'];

function RequestLog() {
  const t = useText();
  const { message } = App.useApp();
  const [rows, setRows] = useState<RequestRow[]>([]);
  const [next, setNext] = useState<{ filter: AuditRequestFilter; after: string } | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    void search({});
  }, []);
  const search = async (filter: AuditRequestFilter, after?: string) => {
    setLoading(true);
    try {
      const { auditRequests } = await request(REQUEST_LOG, { filter, after });
      setRows((shown) => (after ? [...shown, ...auditRequests.nodes] : auditRequests.nodes));
      setNext(auditRequests.pageInfo.hasNextPage && auditRequests.pageInfo.endCursor ? { filter, after: auditRequests.pageInfo.endCursor } : null);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setLoading(false);
    }
  };
  return (
    <>
      <Form
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(values: Record<string, string | Dayjs[] | undefined>) => {
          const { period, ...rest } = values;
          const filter = Object.fromEntries(Object.entries(rest).filter(([, v]) => typeof v === 'string' && v.trim())) as AuditRequestFilter;
          const [from, to] = (period as Dayjs[] | undefined) ?? [];
          void search({ ...filter, ...(from ? { from: from.toISOString() } : {}), ...(to ? { to: to.toISOString() } : {}) });
        }}
      >
        <Form.Item name="person" label={t('person')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="scenario" label={t('scenario')}>
          <Input allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="subject" label={t('subject')}>
          <Input allowClear style={{ width: 190 }} placeholder="ID number" />
        </Form.Item>
        <Form.Item name="decision" label={t('decision')}>
          <Select allowClear style={{ width: 120 }} options={['ALLOWED', 'REFUSED'].map((v) => ({ value: v, label: v }))} />
        </Form.Item>
        <Form.Item name="requestId" label={t('requestId')}>
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="period">
          <DatePicker.RangePicker showTime />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={loading}>
          {t('search')}
        </Button>
      </Form>
      <Table
        rowKey={(r) => `${r.requestId}:${r.operationName}:${r.at}`}
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        expandable={{ expandedRowRender: (r) => <Typography.Text code>{r.coordinates.join(' ')}</Typography.Text> }}
        columns={[
          { title: t('at'), dataIndex: 'at', render: (v: string) => v.slice(0, 19).replace('T', ' ') },
          { title: t('person'), dataIndex: 'person', render: (v?: string | null) => v ?? '—' },
          { title: t('applications'), render: (_, r) => r.application?.name ?? '—' },
          { title: t('scenario'), render: (_, r) => r.scenario?.code ?? '—' },
          { title: t('operation'), dataIndex: 'operationName' },
          { title: t('subject'), dataIndex: 'subject' },
          {
            title: t('decision'),
            dataIndex: 'decision',
            render: (d: string, r) => <Tag color={d === 'ALLOWED' ? 'green' : 'red'}>{[d, ...r.errorCodes].join(' ')}</Tag>,
          },
          { title: t('records'), dataIndex: 'records' },
          { title: t('requestId'), dataIndex: 'requestId', ellipsis: true },
        ]}
      />
      {next && (
        <Button style={{ marginTop: 12 }} onClick={() => search(next.filter, next.after)}>
          …
        </Button>
      )}
    </>
  );
}

/** Every owner's disclosure log, searched with one filter: who read a record (or a citizen's records), when, under which scenario and why. */
function Disclosures({ byCitizen }: { byCitizen: boolean }) {
  const t = useText();
  const { message } = App.useApp();
  const [rows, setRows] = useState<DisclosureRow[]>();
  const [loading, setLoading] = useState(false);
  const search = async (filter: DisclosureFilter) => {
    setLoading(true);
    try {
      const found = await request(WHO_READ, { filter });
      const tagged = (owner: string, nodes: WhoReadQuery['populationDisclosures']['nodes']) => nodes.map((n) => ({ ...n, owner }));
      setRows(
        [
          ...tagged('population', found.populationDisclosures.nodes),
          ...tagged('legal-entity', found.legalEntityDisclosures.nodes),
          ...tagged('spatial', found.spatialDisclosures.nodes),
          ...tagged('e-license', found.licenseDisclosures.nodes),
        ].sort((a, b) => b.at.localeCompare(a.at)),
      );
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setLoading(false);
    }
  };
  return (
    <>
      <Form
        layout="inline"
        style={{ marginBottom: 12 }}
        initialValues={{ entityType: 'Person' }}
        onFinish={({ entityType, entityKey }: { entityType: string; entityKey: string }) =>
          search(byCitizen ? { entityType: 'Person', entityKey: entityKey.trim() } : { entityType, entityKey: entityKey.trim() })
        }
      >
        {!byCitizen && (
          <Form.Item name="entityType" label="type">
            <Select aria-label="record type" style={{ width: 140 }} options={ENTITY_TYPES.map((v) => ({ value: v, label: v }))} />
          </Form.Item>
        )}
        <Form.Item name="entityKey" label={byCitizen ? '身份证号 ID number' : 'key'} rules={[{ required: true, whitespace: true }]}>
          <Input aria-label={byCitizen ? 'citizen id number' : 'record key'} style={{ width: 320 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={loading}>
          {t('search')}
        </Button>
      </Form>
      {rows && (
        <Table
          data-testid={byCitizen ? 'citizen-log' : 'who-read'}
          rowKey={(r) => `${r.owner}:${r.requestId}:${r.entityType}`}
          size="small"
          dataSource={rows}
          pagination={false}
          columns={[
            { title: t('at'), dataIndex: 'at', render: (v: string) => v.slice(0, 19).replace('T', ' ') },
            { title: t('database'), dataIndex: 'owner' },
            { title: t('departments'), render: (_, r) => r.department?.code ?? '—' },
            { title: t('applications'), render: (_, r) => r.application?.name ?? '—' },
            { title: t('scenario'), render: (_, r) => r.scenario?.code ?? '—' },
            { title: t('justification'), dataIndex: 'useReason' },
            {
              title: 'fields',
              render: (_, r) => (
                <Space size={[2, 2]} wrap>
                  {r.fields.map((f) => (
                    <Tag key={f} color={r.maskedFields.includes(f) ? 'purple' : undefined}>
                      {f}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            { title: t('requestId'), dataIndex: 'requestId', ellipsis: true },
          ]}
        />
      )}
    </>
  );
}

/** Every audit chain verified now: the gateway's request log and each owner's disclosure log, with the heads to anchor. */
function ChainStatus() {
  const t = useText();
  const [chains, setChains] =
    useState<{ database: string; table: string; records: number; headSeq?: number | null; headHash?: string | null; problem?: string | null }[]>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const verify = async () => {
    setLoading(true);
    try {
      const found = await request(CHAIN);
      setChains([
        { database: 'governance', ...found.requestLogChain },
        { database: 'population', ...found.populationDisclosureChain },
        { database: 'legal-entity', ...found.legalEntityDisclosureChain },
        { database: 'spatial', ...found.spatialDisclosureChain },
        { database: 'e-license', ...found.licenseDisclosureChain },
      ]);
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button type="primary" loading={loading} onClick={verify}>
        {t('chain')}
      </Button>
      {error && <Alert type="error" title={error} showIcon />}
      {chains && (
        <Table
          data-testid="chain"
          rowKey="database"
          size="small"
          pagination={false}
          dataSource={chains}
          columns={[
            { title: t('database'), dataIndex: 'database' },
            { title: 'table', dataIndex: 'table' },
            { title: t('status'), render: (_, c) => (c.problem ? <Tag color="red">{c.problem}</Tag> : <Tag color="green">OK · {c.records}</Tag>) },
            {
              title: 'head',
              render: (_, c) => (
                <Typography.Text copyable={!!c.headHash} code>
                  {`${c.headSeq ?? '—'} ${c.headHash ?? ''}`}
                </Typography.Text>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}

/** The audit trail: the gateway's request log, the owners' disclosure logs by record and by citizen, and the chain's state. */
export function Audit() {
  const t = useText();
  return (
    <Card title={t('audit')}>
      <Tabs
        items={[
          { key: 'requests', label: t('requestLog'), children: <RequestLog /> },
          { key: 'record', label: t('whoRead'), children: <Disclosures byCitizen={false} /> },
          { key: 'citizen', label: t('citizenLog'), children: <Disclosures byCitizen /> },
          { key: 'chain', label: t('chain'), children: <ChainStatus /> },
        ]}
      />
    </Card>
  );
}
