// GET /crm/v8/org: the fake organisation (org.json's Org schema, every required key). Its zgid is
// what an upload must send as X-CRM-ORG.
import { toJsonText } from './jsonText';

export const ORG_ID = '4150868000000021001';
export const ORG_ZGID = '4150868';

export function orgBody(): string {
  return toJsonText({
    org: [
      {
        country: 'India',
        photo_id: null,
        city: 'Chennai',
        description: null,
        mc_status: false,
        gapps_enabled: false,
        translation_enabled: true,
        street: 'Estancia IT Park, Vallancherry',
        domain_name: 'org4150868',
        alias: null,
        currency: 'Indian Rupee - INR',
        id: ORG_ID,
        state: 'Tamil Nadu',
        fax: null,
        zip: '603202',
        employee_count: '250',
        website: 'www.zylker.example',
        currency_symbol: '₹',
        mobile: null,
        currency_locale: 'en_IN',
        primary_zuid: '4150868000000225013',
        zia_portal_id: null,
        time_zone: 'Asia/Kolkata',
        zgid: ORG_ZGID,
        country_code: 'IN',
        deletable_org_account: false,
        license_details: {
          paid_expiry: '2030-03-31T05:30:00+05:30',
          users_license_purchased: 25,
          trial_type: null,
          trial_expiry: null,
          paid: true,
          paid_type: 'enterprise',
          trial_action: '',
        },
        hierarchy_preferences: { type: 'Role_Hierarchy', strictly_reporting: false },
        phone: '+91 44 6744 7000',
        company_name: 'Zylker Simulated',
        privacy_settings: false,
        primary_email: 'patricia.boyle@zylker.example',
        iso_code: 'INR',
        hipaa_compliance_enabled: false,
        lite_users_enabled: false,
        max_per_page: 200,
        ezgid: 'ZGID4150868',
        call_icon: '',
        oauth_presence: true,
        zia_zgid: 4150868,
        checkin_preferences: { restricted_event_types: null },
        type: 'Production',
        created_time: '2019-05-13T11:00:58+05:30',
      },
    ],
  });
}
