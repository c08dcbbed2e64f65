// The automations' keys: a billing change raises an event, so the customer profile refreshes them.
export const automationsKey = ['settings', 'automations'] as const;
export const automationEventsKey = [...automationsKey, 'events'] as const;
