/** The deadline policy and working-day calendar in force: the shipped tables with the override files merged over them. */
import { readFileSync } from 'node:fs';
import { DEADLINE_POLICY, DeadlineRules, VIETNAM_CALENDAR, withCalendarOverrides, withDeadlineOverrides, workingCalendar } from '@app/domain';
import { AppConfig, ConfigError } from '../config';

export function loadDeadlineRules(config: Pick<AppConfig, 'DEADLINE_POLICY_FILE' | 'WORKING_CALENDAR_FILE'>): DeadlineRules {
  try {
    return merged(config);
  } catch (error) {
    throw error instanceof ConfigError ? error : new ConfigError((error as Error).message);
  }
}

function merged(config: Pick<AppConfig, 'DEADLINE_POLICY_FILE' | 'WORKING_CALENDAR_FILE'>): DeadlineRules {
  const policy = config.DEADLINE_POLICY_FILE
    ? withDeadlineOverrides(DEADLINE_POLICY, readJson(config.DEADLINE_POLICY_FILE, 'DEADLINE_POLICY_FILE'))
    : DEADLINE_POLICY;
  const calendar = config.WORKING_CALENDAR_FILE
    ? workingCalendar(withCalendarOverrides(VIETNAM_CALENDAR, readJson(config.WORKING_CALENDAR_FILE, 'WORKING_CALENDAR_FILE')))
    : workingCalendar();
  return { policy, calendar };
}

function readJson(file: string, variable: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${variable}: cannot read ${file} as JSON (${(error as Error).message})`);
  }
}
