/** The part of Apache ECharts the portal draws with (stacked bars in SVG), imported on first use as one chunk. */
import { init, use } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { init };
