import { Anchor, Button, Card, Group, ScrollArea, Table, Text, Title } from '@mantine/core';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../i18n/format';
import { type FigureTable, csvHref, figureCsv } from './statistics-table';

/**
 * One figure of the statistics: its chart, the same numbers as a table (what screen readers and
 * keyboard users read), and the table as a CSV file. Each count opens the cases behind it.
 */
export function StatisticsFigure({
  name,
  title,
  table,
  chart,
  casesOf,
}: {
  /** The figure's dimension, for the file name and test ids. */
  name: string;
  title: string;
  table: FigureTable;
  chart: ReactNode;
  /** The address of the search that lists the cases of a key. */
  casesOf: (key: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const language = i18n.language;
  const titles = {
    key: t('statistics.key'),
    label: t('statistics.label'),
    cases: t('statistics.cases'),
    quantity: (unit: string) => t('statistics.quantity', { unit }),
    value: (currency: string) => t('statistics.value', { currency }),
  };
  return (
    <Card withBorder component="section" aria-labelledby={headingId} data-figure={name}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id={headingId}>
          {title}
        </Title>
        <Button
          component="a"
          variant="light"
          size="xs"
          href={csvHref(figureCsv(table, titles))}
          download={`opencen-statistics-${name}.csv`}
          aria-label={t('statistics.downloadFigure', { figure: title })}
        >
          {t('statistics.download')}
        </Button>
      </Group>
      {table.rows.length === 0 ? (
        <Text c="dimmed">{t('statistics.empty')}</Text>
      ) : (
        <>
          {chart}
          <ScrollArea.Autosize mah={320} mt="sm">
            <Table striped>
              <Table.Caption>{t('statistics.tableOf', { figure: title })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{titles.label}</Table.Th>
                  <Table.Th scope="col">{titles.cases}</Table.Th>
                  {table.units.map((unit) => (
                    <Table.Th scope="col" key={`q-${unit}`}>
                      {titles.quantity(unit)}
                    </Table.Th>
                  ))}
                  {table.currencies.map((currency) => (
                    <Table.Th scope="col" key={`v-${currency}`}>
                      {titles.value(currency)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {table.rows.map((row) => (
                  <Table.Tr key={row.key} data-key={row.key}>
                    <Table.Th scope="row" fw="normal">
                      {row.label === row.key ? row.key : `${row.label} (${row.key})`}
                    </Table.Th>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={casesOf(row.key)}
                        aria-label={t('statistics.openCases', {
                          count: row.cases,
                          formatted: formatNumber(row.cases, language),
                          key: row.label,
                        })}
                      >
                        {formatNumber(row.cases, language)}
                      </Anchor>
                    </Table.Td>
                    {[...row.quantities, ...row.values].map((value, index) => (
                      <Table.Td key={index}>
                        {value === undefined ? '' : formatNumber(value, language)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </>
      )}
    </Card>
  );
}
