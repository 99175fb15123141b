import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** An ECharts chart (SVG, so it is crisp in screenshots and prints); redrawn when its option changes. */
export function Chart({ option, height = 280, label }: { option: echarts.EChartsCoreOption; height?: number; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(element.current!, undefined, { renderer: 'svg' });
    // Drawn at once: a dashboard redraws on every visit, and a half-drawn chart reads wrong.
    chart.setOption({ animation: false, ...option });
    const resize = () => chart.resize();
    addEventListener('resize', resize);
    return () => {
      removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={element} role="img" aria-label={label} style={{ height }} />;
}
