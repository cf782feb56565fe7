/**
 * 福建省充分就业（星级）社区 (DOMAIN.md §7): the same engine and annex table, with the provincial outcome
 * thresholds — registered-unemployed employment rate ≥ 85 %, 就业困难人员 employment rate ≥ 90 %, and every
 * 零就业家庭 with at least one member in stable employment. The provincial table's own item texts are not in the
 * client's documents, so the Quangang annex rows are reused; only the thresholds and outcomes differ.
 */

import type { StandardProfile } from '../profile.ts';
import { deepFreeze } from './freeze.ts';
import { quangang2016 } from './quangang-2016.ts';

export const fujianStarCommunity: StandardProfile = deepFreeze({
  ...quangang2016,
  id: 'fujian-star-community',
  version: '1.0.0',
  name: '福建省充分就业社区（星级）标准',
  source: 'DOMAIN.md §7：登记失业人员就业率≥85%，就业困难人员就业率≥90%，零就业家庭每户至少1人稳定就业',
  employmentRateThreshold: 0.85,
  // Item 2 is scored against the provincial threshold, so its printed row says so.
  items: quangang2016.items.map((item) =>
    item.no === 2
      ? {
          ...item,
          content: '登记失业人员就业率85%以上（含灵活就业人员）',
          criteria: '就业率低于85%的，该项不得分',
        }
      : item,
  ),
  outcomeTexts: [
    '登记失业人员就业率达到85%以上(含灵活就业)',
    '城镇登记失业人员无连续一年以上失业',
    '“零就业家庭”基本消除',
    '有劳动能力和就业愿望的登记失业人员均推荐就业达二次以上',
  ],
  extraOutcomes: [
    { kind: 'difficultyEmploymentRate', threshold: 0.9, text: '就业困难人员就业率达到90%以上' },
    // "稳定就业" is not defined in the client's documents; six months in one job is the choice made here.
    { kind: 'zeroEmploymentStablyEmployed', stableMonths: 6, text: '“零就业家庭”每户至少1人稳定就业' },
  ],
});
