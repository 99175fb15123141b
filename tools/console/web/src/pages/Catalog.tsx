import { useMemo, useState } from 'react';
import { Alert, Button, Card, Input, Select, Space, Table, Tabs, Tag } from 'antd';
import type { Role } from '../api';
import { CATALOG_ITEMS, SHARING_COLOURS, type CatalogEntry } from '../catalogItems';
import { graphql } from '../generated';
import { useText } from '../i18n';
import { downloadCsv, useQuery } from '../useQuery';

const DEMAND = graphql(`
  query DemandList {
    shareRequests {
      id
      submittedAt
      department {
        code
      }
      scenario {
        code
      }
      items {
        id
        coordinate
        sharing
        status
        dueOn
        late
        answerWorkingDays
        owner {
          code
        }
      }
    }
  }
`);

const TABLES = graphql(`
  query TableCatalog {
    tableCatalog {
      database
      table
      model
      comment
      primaryKey
      columns {
        column
        type
        nullable
        primaryKey
        unique
        comment
        exposedAs
      }
    }
  }
`);

/** Roles that read share requests, and so the demand list (需求清单) made of them. */
const READS_DEMAND: Role[] = ['ADMIN', 'AUDITOR', 'DEVELOPER'];

const COLUMNS = ['coordinate', 'database', 'ownerCode', 'sharing', 'opening', 'grade', 'updateCycle', 'dataType', 'legalBasis', 'description'] as const;

/** The resource catalog: search and filter it by database, owner, sharing attribute and grade; its lists; export what is shown. */
export function Catalog({ role }: { role: Role }) {
  const t = useText();
  const { data, error, loading } = useQuery(CATALOG_ITEMS);
  const demand = useQuery(DEMAND, undefined, !READS_DEMAND.includes(role));
  const tables = useQuery(TABLES);
  const demandRows = (demand.data?.shareRequests ?? []).flatMap((r) =>
    r.items.map((i) => ({ ...i, submittedAt: r.submittedAt, department: r.department.code, scenario: r.scenario.code })),
  );
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<{ database?: string; owner?: string; sharing?: string; grade?: number }>({});
  const items = data?.catalog ?? [];
  const distinct = (pick: (i: CatalogEntry) => string) => [...new Set(items.map(pick))].sort().map((v) => ({ value: v, label: v }));
  const shown = useMemo(
    () =>
      items.filter(
        (i) =>
          (!text || `${i.coordinate} ${i.description ?? ''} ${i.legalBasis ?? ''}`.toLowerCase().includes(text.toLowerCase())) &&
          (!filters.database || i.database === filters.database) &&
          (!filters.owner || i.ownerCode === filters.owner) &&
          (!filters.sharing || i.sharing === filters.sharing) &&
          (filters.grade == null || i.grade >= filters.grade),
      ),
    [items, text, filters],
  );
  if (error) return <Alert type="error" title={error.message} showIcon />;
  const table = (rows: readonly CatalogEntry[]) => (
    <Table
      rowKey="coordinate"
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={{ pageSize: 50, showSizeChanger: false }}
      columns={[
        { title: t('coordinate'), dataIndex: 'coordinate', width: 260 },
        { title: t('database'), dataIndex: 'database' },
        { title: t('owner'), dataIndex: 'ownerCode' },
        { title: t('sharing'), dataIndex: 'sharing', render: (s: string) => <Tag color={SHARING_COLOURS[s]}>{s}</Tag> },
        { title: t('grade'), dataIndex: 'grade' },
        { title: t('legalBasis'), dataIndex: 'legalBasis', ellipsis: true },
        { title: '', dataIndex: 'description', ellipsis: true },
      ]}
    />
  );
  const owners = [...new Set(items.map((i) => i.ownerCode))].sort();
  return (
    <Card
      title={t('catalog')}
      extra={<Button onClick={() => downloadCsv('catalog.csv', [[...COLUMNS], ...shown.map((i) => COLUMNS.map((c) => i[c]))])}>{t('export')} CSV</Button>}
    >
      <Tabs
        items={[
          {
            key: 'catalog',
            label: t('catalog'),
            children: (
              <>
                <Space wrap style={{ marginBottom: 12 }}>
                  <Input.Search aria-label="search" allowClear placeholder={t('search')} onChange={(e) => setText(e.target.value)} style={{ width: 240 }} />
                  <Select
                    aria-label="database"
                    allowClear
                    placeholder={t('database')}
                    options={distinct((i) => i.database)}
                    onChange={(database) => setFilters({ ...filters, database })}
                    style={{ width: 150 }}
                  />
                  <Select
                    aria-label="owner"
                    allowClear
                    placeholder={t('owner')}
                    options={distinct((i) => i.ownerCode)}
                    onChange={(owner) => setFilters({ ...filters, owner })}
                    style={{ width: 130 }}
                  />
                  <Select
                    aria-label="sharing"
                    allowClear
                    placeholder={t('sharing')}
                    options={distinct((i) => i.sharing)}
                    onChange={(sharing) => setFilters({ ...filters, sharing })}
                    style={{ width: 160 }}
                  />
                  <Select
                    aria-label="grade"
                    allowClear
                    placeholder={`${t('grade')} ≥`}
                    options={[1, 2, 3, 4].map((g) => ({ value: g, label: `≥ ${g}` }))}
                    onChange={(grade) => setFilters({ ...filters, grade })}
                    style={{ width: 110 }}
                  />
                  <span>{shown.length}</span>
                </Space>
                {table(shown)}
              </>
            ),
          },
          {
            key: 'responsibility',
            label: '责任清单 Responsibility',
            children: (
              <Table
                rowKey="owner"
                size="small"
                pagination={false}
                dataSource={owners.map((owner) => ({ owner, items: items.filter((i) => i.ownerCode === owner) }))}
                expandable={{ expandedRowRender: (r) => table(r.items) }}
                columns={[
                  { title: t('owner'), dataIndex: 'owner' },
                  { title: t('coordinate'), render: (_, r) => r.items.length },
                ]}
              />
            ),
          },
          { key: 'negative', label: '负面清单 Negative', children: table(items.filter((i) => i.sharing === 'NONE')) },
          {
            key: 'tables',
            label: '表目录 Tables',
            children: (
              <>
                <Button
                  style={{ marginBottom: 12 }}
                  onClick={() =>
                    downloadCsv('tables.csv', [
                      ['database', 'table', 'column', 'type', 'nullable', 'primaryKey', 'unique', 'exposedAs', 'comment'],
                      ...(tables.data?.tableCatalog ?? []).flatMap((t) =>
                        t.columns.map((c) => [
                          t.database,
                          t.table,
                          c.column,
                          c.type,
                          String(c.nullable),
                          String(c.primaryKey),
                          String(c.unique),
                          c.exposedAs.join(' '),
                          c.comment,
                        ]),
                      ),
                    ])
                  }
                >
                  {t('export')} CSV
                </Button>
                <Table
                  data-testid="tables"
                  rowKey={(r) => `${r.database}.${r.table}`}
                  size="small"
                  loading={tables.loading}
                  dataSource={tables.data?.tableCatalog}
                  pagination={{ pageSize: 50, showSizeChanger: false }}
                  expandable={{
                    expandedRowRender: (r) => (
                      <Table
                        rowKey="column"
                        size="small"
                        pagination={false}
                        dataSource={r.columns}
                        columns={[
                          { title: 'column', dataIndex: 'column' },
                          { title: 'type', dataIndex: 'type' },
                          { title: 'null', dataIndex: 'nullable', render: (v: boolean) => (v ? '✓' : '') },
                          { title: 'key', render: (_, c) => [c.primaryKey && 'PK', c.unique && 'UQ'].filter(Boolean).join(' ') },
                          { title: 'API', dataIndex: 'exposedAs', render: (v: string[]) => v.map((x) => <Tag key={x}>{x}</Tag>) },
                          { title: '', dataIndex: 'comment', ellipsis: true },
                        ]}
                      />
                    ),
                  }}
                  columns={[
                    { title: t('database'), dataIndex: 'database' },
                    { title: 'table', dataIndex: 'table' },
                    { title: 'columns', render: (_, r) => r.columns.length },
                    { title: '', dataIndex: 'comment', ellipsis: true },
                  ]}
                />
              </>
            ),
          },
          ...(READS_DEMAND.includes(role)
            ? [
                {
                  key: 'demand',
                  label: '需求清单 Demand',
                  children: (
                    <>
                      <Button
                        style={{ marginBottom: 12 }}
                        onClick={() =>
                          downloadCsv('demand.csv', [
                            ['submittedAt', 'department', 'scenario', 'coordinate', 'owner', 'sharing', 'status', 'dueOn', 'answerWorkingDays', 'late'],
                            ...demandRows.map((d) => [
                              d.submittedAt,
                              d.department,
                              d.scenario,
                              d.coordinate,
                              d.owner.code,
                              d.sharing,
                              d.status,
                              d.dueOn,
                              d.answerWorkingDays,
                              String(d.late),
                            ]),
                          ])
                        }
                      >
                        {t('export')} CSV
                      </Button>
                      <Table
                        rowKey="id"
                        size="small"
                        loading={demand.loading}
                        dataSource={demandRows}
                        columns={[
                          { title: t('at'), dataIndex: 'submittedAt', render: (v: string) => v.slice(0, 10) },
                          { title: t('departments'), dataIndex: 'department' },
                          { title: t('scenario'), dataIndex: 'scenario' },
                          { title: t('coordinate'), dataIndex: 'coordinate' },
                          { title: t('owner'), render: (_, d) => d.owner.code },
                          { title: t('status'), dataIndex: 'status', render: (v: string) => <Tag>{v}</Tag> },
                          { title: t('dueOn'), dataIndex: 'dueOn' },
                        ]}
                      />
                    </>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
