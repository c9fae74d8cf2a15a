import { GraphChart } from 'echarts/charts';
import { AriaComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the graph series is bundled here (this module is a chunk of its own, loaded by the links
// view), with the SVG renderer: its labels are in the page, for screen readers and tests.
echarts.use([GraphChart, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

/** A node of the network: a case or a subject, with where it leads. */
export interface LinkNode {
  readonly id: string;
  readonly label: string;
  /** Index of its category (case, person, company, conveyance) in `categories`. */
  readonly category: number;
  /** The subject asked for: drawn larger. */
  readonly origin?: boolean;
  readonly path: string;
}

export interface LinksGraphProps {
  /** What the graph shows, read out by screen readers. */
  title: string;
  /** The categories' names in the user's language, for the legend. */
  categories: string[];
  nodes: LinkNode[];
  edges: { source: string; target: string }[];
  /** Opens a node's page. */
  onOpen: (path: string) => void;
  height?: number;
}

/**
 * The links of a subject as a network drawn by ECharts' graph series (force layout): each node
 * labelled, coloured by its kind, and opened by a click.
 */
export default function LinksGraph({
  title,
  categories,
  nodes,
  edges,
  onOpen,
  height = 480,
}: LinksGraphProps) {
  const element = useRef<HTMLDivElement>(null);
  // Compared by content, so a re-render with the same network draws nothing again.
  const data = JSON.stringify({ categories, nodes, edges });
  const open = useRef(onOpen);
  open.current = onOpen;
  useEffect(() => {
    const { categories, nodes, edges } = JSON.parse(data) as Omit<
      LinksGraphProps,
      'title' | 'onOpen'
    >;
    const chart = echarts.init(element.current!, undefined, {
      renderer: 'svg',
      // jsdom (component tests) measures nothing: fall back to a fixed width there.
      width: element.current!.clientWidth || 800,
      height,
    });
    chart.setOption({
      aria: { enabled: true, label: { description: title } },
      animation: false,
      tooltip: { formatter: (params: { data?: { name?: string } }) => params.data?.name ?? '' },
      legend: { data: categories, top: 0 },
      series: [
        {
          type: 'graph',
          layout: 'force',
          roam: true,
          draggable: true,
          force: { repulsion: 220, edgeLength: 90, gravity: 0.08 },
          label: { show: true, position: 'right', fontSize: 11 },
          categories: categories.map((name) => ({ name })),
          data: nodes.map((node) => ({
            id: node.id,
            name: node.label,
            category: node.category,
            symbolSize: node.origin ? 34 : node.category === 0 ? 16 : 22,
            symbol: node.category === 0 ? 'rect' : 'circle',
            path: node.path,
          })),
          links: edges,
          lineStyle: { color: 'source', opacity: 0.6 },
          emphasis: { focus: 'adjacency' },
        },
      ],
    });
    chart.on('click', (params) => {
      const path = (params.data as { path?: string } | undefined)?.path;
      if (params.dataType === 'node' && path) open.current(path);
    });
    const resize = () => chart.resize({ width: element.current?.clientWidth || 800 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [data, title, height]);
  return <div ref={element} data-testid="links-graph" style={{ width: '100%', height }} />;
}
