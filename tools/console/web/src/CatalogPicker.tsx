import { Select, Space, Tag } from 'antd';
import { BASE_DATABASES, SHARING_COLOURS, type CatalogEntry } from './catalogItems';

/** Picks data items from the catalog, grouped by base database, each with its owner, sharing attribute and grade; negative-list items cannot be picked. */
export function CatalogPicker({
  items,
  value,
  onChange,
  id,
}: {
  items: readonly CatalogEntry[];
  value?: string[];
  onChange?: (value: string[]) => void;
  id?: string;
}) {
  const groups = BASE_DATABASES.map((database) => ({
    label: database,
    title: database,
    options: items
      .filter((i) => i.database === database)
      .map((i) => ({
        value: i.coordinate,
        disabled: i.sharing === 'NONE',
        label: (
          <Space size={4}>
            <span>{i.coordinate}</span>
            <Tag color={SHARING_COLOURS[i.sharing]}>{i.sharing}</Tag>
            <Tag>{i.ownerCode}</Tag>
            <Tag>G{i.grade}</Tag>
          </Space>
        ),
        search: `${i.coordinate} ${i.description ?? ''} ${i.ownerCode}`,
      })),
  }));
  return (
    <Select
      id={id}
      aria-label="catalog picker"
      mode="multiple"
      allowClear
      value={value}
      onChange={onChange}
      options={groups}
      optionFilterProp="search"
      placeholder="Person.name, LegalEntity.uscc …"
      style={{ width: '100%' }}
      maxTagCount="responsive"
    />
  );
}
