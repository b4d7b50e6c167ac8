-- Naive baseline for system-configuration: what 20250103000003, 20251009013303 (enhance), the
-- FIXED 20251010000000 and 20251011000000 (performance indexes) do, as spec 02 describes them
-- (sections 2.1-2.6 target, 4 data rules), run on the section 3.1 production state in ONE
-- transaction with no lock_timeout: ADD COLUMN with defaults; enum columns added with a
-- temporary default then DROP DEFAULT; chronic_conditions.status converted varchar ->
-- "ConditionStatus" with ALTER COLUMN TYPE ... USING CASE (section 4: a table rewrite under
-- ACCESS EXCLUSIVE); FKs added validated; every index with plain CREATE INDEX IF NOT EXISTS.
-- Deviations, where the original cannot run at all: configuration_history."configurationId" is
-- uuid (spec 6.2: a text FK to a uuid key is rejected); idx_vaccinations_due is left out (spec
-- 6.4: CURRENT_DATE in an index predicate is rejected); plain composites whose columns the spec
-- does not list use the columns their names give; the conditional sets for tables this state
-- does not have (documents, audit_logs, messages, ...) are skipped as the originals skip them.

-- 20250103000003 ---------------------------------------------------------------------------
CREATE TYPE "ConfigCategory" AS ENUM ('GENERAL', 'SECURITY', 'NOTIFICATION');
CREATE TYPE enum_system_configurations_category AS ENUM ('GENERAL', 'SECURITY', 'NOTIFICATION');
CREATE TABLE system_configurations (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  key varchar(200) NOT NULL UNIQUE,
  value text NOT NULL,
  category enum_system_configurations_category NOT NULL DEFAULT 'GENERAL',
  description text,
  "isActive" boolean NOT NULL DEFAULT true,
  "displayName" varchar(200),
  "validationRules" jsonb DEFAULT '{}',
  "lastModifiedBy" uuid REFERENCES users (id) ON UPDATE CASCADE ON DELETE SET NULL,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO system_configurations (key, value, category, description, "displayName", "validationRules") VALUES
  ('MAX_LOGIN_ATTEMPTS', '5', 'SECURITY', 'Maximum failed login attempts', 'Max login attempts', '{"type": "number", "min": 1, "max": 10}'::jsonb),
  ('LOCKOUT_DURATION_MINUTES', '30', 'SECURITY', 'Lockout duration', 'Lockout minutes', '{"type": "number", "min": 5, "max": 1440}'::jsonb),
  ('SESSION_TIMEOUT_MINUTES', '60', 'SECURITY', 'Session timeout', 'Session timeout', '{"type": "number", "min": 15, "max": 480}'::jsonb),
  ('PASSWORD_MIN_LENGTH', '12', 'SECURITY', 'Password length', 'Password length', '{"type": "number", "min": 8, "max": 128}'::jsonb),
  ('PASSWORD_REQUIRE_SPECIAL_CHAR', 'true', 'SECURITY', 'Special character', 'Special character', '{"type": "boolean"}'::jsonb),
  ('PASSWORD_EXPIRY_DAYS', '90', 'SECURITY', 'Password expiry', 'Password expiry', '{"type": "number", "min": 0, "max": 365}'::jsonb),
  ('EMAIL_NOTIFICATION_ENABLED', 'true', 'NOTIFICATION', 'E-mail notifications', 'E-mail', '{"type": "boolean"}'::jsonb),
  ('SMS_NOTIFICATION_ENABLED', 'false', 'NOTIFICATION', 'SMS notifications', 'SMS', '{"type": "boolean"}'::jsonb),
  ('SYSTEM_NAME', 'White Cross Healthcare Platform', 'GENERAL', 'System name', 'System name', '{"type": "string", "maxLength": 200}'::jsonb),
  ('SUPPORT_EMAIL', 'support@whitecross.health', 'GENERAL', 'Support e-mail', 'Support e-mail', '{"type": "email"}'::jsonb),
  ('MAINTENANCE_MODE', 'false', 'GENERAL', 'Maintenance mode', 'Maintenance mode', '{"type": "boolean"}'::jsonb),
  ('MAX_FILE_UPLOAD_SIZE_MB', '10', 'GENERAL', 'Upload limit', 'Upload limit', '{"type": "number", "min": 1, "max": 100}'::jsonb);

-- 20251009013303 enhance ---------------------------------------------------------------------
CREATE TYPE "ConfigValueType" AS ENUM ('STRING', 'NUMBER', 'BOOLEAN', 'JSON', 'ARRAY', 'DATE', 'TIME', 'DATETIME', 'EMAIL', 'URL', 'COLOR', 'ENUM');
CREATE TYPE "ConfigScope" AS ENUM ('SYSTEM', 'DISTRICT', 'SCHOOL', 'USER');
CREATE TYPE "enum_system_configurations_valueType" AS ENUM ('STRING', 'NUMBER', 'BOOLEAN', 'JSON', 'ARRAY', 'DATE', 'TIME', 'DATETIME', 'EMAIL', 'URL', 'COLOR', 'ENUM');
CREATE TYPE enum_system_configurations_scope AS ENUM ('SYSTEM', 'DISTRICT', 'SCHOOL', 'USER');
ALTER TYPE "ConfigCategory" ADD VALUE IF NOT EXISTS 'HEALTHCARE';
ALTER TYPE "ConfigCategory" ADD VALUE IF NOT EXISTS 'MEDICATION';
ALTER TYPE "ConfigCategory" ADD VALUE IF NOT EXISTS 'APPOINTMENTS';
ALTER TYPE "ConfigCategory" ADD VALUE IF NOT EXISTS 'UI';
ALTER TYPE "ConfigCategory" ADD VALUE IF NOT EXISTS 'QUERY';
ALTER TYPE "ConfigCategory" ADD VALUE IF NOT EXISTS 'FILE_UPLOAD';
ALTER TYPE "ConfigCategory" ADD VALUE IF NOT EXISTS 'RATE_LIMITING';
ALTER TYPE "ConfigCategory" ADD VALUE IF NOT EXISTS 'SESSION';
ALTER TYPE "ConfigCategory" ADD VALUE IF NOT EXISTS 'EMAIL';
ALTER TYPE "ConfigCategory" ADD VALUE IF NOT EXISTS 'SMS';
ALTER TABLE system_configurations ADD COLUMN "valueType" "enum_system_configurations_valueType" NOT NULL DEFAULT 'STRING';
ALTER TABLE system_configurations ADD COLUMN "subCategory" text;
ALTER TABLE system_configurations ADD COLUMN "defaultValue" text;
ALTER TABLE system_configurations ADD COLUMN "validValues" text[] DEFAULT ARRAY[]::text[];
ALTER TABLE system_configurations ADD COLUMN "minValue" double precision;
ALTER TABLE system_configurations ADD COLUMN "maxValue" double precision;
ALTER TABLE system_configurations ADD COLUMN "isEditable" boolean NOT NULL DEFAULT true;
ALTER TABLE system_configurations ADD COLUMN "requiresRestart" boolean NOT NULL DEFAULT false;
ALTER TABLE system_configurations ADD COLUMN scope enum_system_configurations_scope NOT NULL DEFAULT 'SYSTEM';
ALTER TABLE system_configurations ADD COLUMN "scopeId" text;
ALTER TABLE system_configurations ADD COLUMN tags text[] DEFAULT ARRAY[]::text[];
ALTER TABLE system_configurations ADD COLUMN "sortOrder" integer NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX IF NOT EXISTS system_configurations_key_unique ON system_configurations (key);
CREATE INDEX IF NOT EXISTS system_configurations_category_idx ON system_configurations (category);
CREATE INDEX IF NOT EXISTS "system_configurations_isActive_idx" ON system_configurations ("isActive");
CREATE INDEX IF NOT EXISTS system_configurations_category_active_idx ON system_configurations (category, "isActive") WHERE "isActive" = true;
CREATE INDEX IF NOT EXISTS "system_configurations_category_subCategory_idx" ON system_configurations (category, "subCategory");
CREATE INDEX IF NOT EXISTS "system_configurations_scope_scopeId_idx" ON system_configurations (scope, "scopeId");
CREATE INDEX IF NOT EXISTS system_configurations_tags_idx ON system_configurations USING gin (tags);
CREATE TABLE configuration_history (
  id varchar(255) NOT NULL PRIMARY KEY,
  "configKey" text NOT NULL,
  "oldValue" text,
  "newValue" text NOT NULL,
  "changedBy" text NOT NULL,
  "changedByName" text,
  "changeReason" text,
  "ipAddress" text,
  "userAgent" text,
  "configurationId" uuid NOT NULL REFERENCES system_configurations (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "configuration_history_configKey_createdAt_idx" ON configuration_history ("configKey", "createdAt");
CREATE INDEX "configuration_history_changedBy_createdAt_idx" ON configuration_history ("changedBy", "createdAt");
CREATE INDEX "configuration_history_configurationId_createdAt_idx" ON configuration_history ("configurationId", "createdAt");

-- 20251010000000 FIXED -------------------------------------------------------------------------
CREATE TYPE "AllergyType" AS ENUM ('FOOD', 'MEDICATION', 'ENVIRONMENTAL', 'INSECT', 'LATEX', 'ANIMAL', 'CHEMICAL', 'SEASONAL', 'OTHER');
CREATE TYPE "ConditionSeverity" AS ENUM ('MILD', 'MODERATE', 'SEVERE', 'CRITICAL');
CREATE TYPE "ConditionStatus" AS ENUM ('ACTIVE', 'MANAGED', 'RESOLVED', 'MONITORING', 'INACTIVE');
CREATE TYPE "VaccineType" AS ENUM ('COVID_19', 'FLU', 'MEASLES', 'MUMPS', 'RUBELLA', 'MMR', 'POLIO', 'HEPATITIS_A', 'HEPATITIS_B', 'VARICELLA', 'TETANUS', 'DIPHTHERIA', 'PERTUSSIS', 'TDAP', 'DTaP', 'HIB', 'PNEUMOCOCCAL', 'ROTAVIRUS', 'MENINGOCOCCAL', 'HPV', 'OTHER');
CREATE TYPE "AdministrationSite" AS ENUM ('ARM_LEFT', 'ARM_RIGHT', 'THIGH_LEFT', 'THIGH_RIGHT', 'DELTOID_LEFT', 'DELTOID_RIGHT', 'BUTTOCK_LEFT', 'BUTTOCK_RIGHT', 'ORAL', 'NASAL', 'OTHER');
CREATE TYPE "AdministrationRoute" AS ENUM ('INTRAMUSCULAR', 'SUBCUTANEOUS', 'INTRADERMAL', 'ORAL', 'INTRANASAL', 'INTRAVENOUS', 'OTHER');
CREATE TYPE "VaccineComplianceStatus" AS ENUM ('COMPLIANT', 'OVERDUE', 'PARTIALLY_COMPLIANT', 'EXEMPT', 'NON_COMPLIANT');
CREATE TYPE "ScreeningType" AS ENUM ('VISION', 'HEARING', 'SCOLIOSIS', 'DENTAL', 'BMI', 'BLOOD_PRESSURE', 'DEVELOPMENTAL', 'SPEECH', 'MENTAL_HEALTH', 'TUBERCULOSIS', 'LEAD', 'ANEMIA', 'OTHER');
CREATE TYPE "ScreeningOutcome" AS ENUM ('PASS', 'REFER', 'FAIL', 'INCONCLUSIVE', 'INCOMPLETE');
CREATE TYPE "FollowUpStatus" AS ENUM ('PENDING', 'SCHEDULED', 'COMPLETED', 'CANCELLED', 'OVERDUE', 'NOT_NEEDED');
CREATE TYPE "ConsciousnessLevel" AS ENUM ('ALERT', 'VERBAL', 'PAIN', 'UNRESPONSIVE', 'DROWSY', 'CONFUSED', 'LETHARGIC');
-- health_records: every listed column already exists from core (ADD COLUMN IF NOT EXISTS: no-ops)
ALTER TABLE health_records ADD COLUMN IF NOT EXISTS provider text;
ALTER TABLE health_records ADD COLUMN IF NOT EXISTS "followUpRequired" boolean DEFAULT false;
ALTER TABLE health_records ADD COLUMN IF NOT EXISTS "isConfidential" boolean DEFAULT false;
-- allergies
ALTER TABLE allergies ADD COLUMN IF NOT EXISTS "allergyType" "AllergyType" DEFAULT 'OTHER';
ALTER TABLE allergies ALTER COLUMN "allergyType" DROP DEFAULT;
ALTER TABLE allergies ADD COLUMN IF NOT EXISTS symptoms text;
ALTER TABLE allergies ADD COLUMN IF NOT EXISTS reactions jsonb;
ALTER TABLE allergies ADD COLUMN IF NOT EXISTS treatment text;
ALTER TABLE allergies ADD COLUMN IF NOT EXISTS "emergencyProtocol" text;
ALTER TABLE allergies ADD COLUMN IF NOT EXISTS "onsetDate" timestamp(3);
ALTER TABLE allergies ADD COLUMN IF NOT EXISTS verified boolean DEFAULT false;
ALTER TABLE allergies ADD COLUMN IF NOT EXISTS "verifiedBy" text;
ALTER TABLE allergies ADD COLUMN IF NOT EXISTS "verificationDate" timestamp(3);
ALTER TABLE allergies ADD COLUMN IF NOT EXISTS active boolean DEFAULT true;
ALTER TABLE allergies ADD COLUMN IF NOT EXISTS "epiPenRequired" boolean DEFAULT false;
ALTER TABLE allergies ADD COLUMN IF NOT EXISTS "epiPenLocation" text;
ALTER TABLE allergies ADD COLUMN IF NOT EXISTS "epiPenExpiration" timestamp(3);
ALTER TABLE allergies ADD COLUMN IF NOT EXISTS "healthRecordId" uuid;
ALTER TABLE allergies ADD CONSTRAINT "allergies_healthRecordId_fkey" FOREIGN KEY ("healthRecordId") REFERENCES health_records (id) ON UPDATE CASCADE ON DELETE SET NULL;
-- chronic_conditions
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS "icdCode" text;
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS "diagnosedBy" text;
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS severity "ConditionSeverity" DEFAULT 'MODERATE';
ALTER TABLE chronic_conditions ALTER COLUMN severity DROP DEFAULT;
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS medications jsonb;
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS treatments text;
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS "accommodationsRequired" boolean DEFAULT false;
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS "accommodationDetails" text;
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS "emergencyProtocol" text;
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS "actionPlan" text;
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS "reviewFrequency" text;
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS restrictions jsonb;
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS precautions jsonb;
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS triggers text[];
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS "carePlan" text;
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS "lastReviewDate" timestamp(3);
ALTER TABLE chronic_conditions ADD COLUMN IF NOT EXISTS "healthRecordId" uuid;
ALTER TABLE chronic_conditions ADD CONSTRAINT "chronic_conditions_healthRecordId_fkey" FOREIGN KEY ("healthRecordId") REFERENCES health_records (id) ON UPDATE CASCADE ON DELETE SET NULL;
ALTER TABLE chronic_conditions ALTER COLUMN status DROP DEFAULT;
ALTER TABLE chronic_conditions ALTER COLUMN status TYPE "ConditionStatus" USING (CASE status::text WHEN 'ACTIVE' THEN 'ACTIVE' WHEN 'MANAGED' THEN 'MANAGED' WHEN 'RESOLVED' THEN 'RESOLVED' WHEN 'MONITORING' THEN 'MONITORING' ELSE 'ACTIVE' END)::"ConditionStatus";
ALTER TABLE chronic_conditions ALTER COLUMN status SET DEFAULT 'ACTIVE'::"ConditionStatus";
-- the four new tables (common tail: studentId -> students, healthRecordId -> health_records)
CREATE TABLE vaccinations (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  "studentId" uuid NOT NULL REFERENCES students (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "healthRecordId" uuid REFERENCES health_records (id) ON UPDATE CASCADE ON DELETE SET NULL,
  "vaccineName" text NOT NULL,
  "vaccineType" "VaccineType",
  "administrationDate" timestamptz NOT NULL,
  "administeredBy" text NOT NULL,
  "siteOfAdministration" "AdministrationSite",
  "routeOfAdministration" "AdministrationRoute",
  "expirationDate" timestamptz,
  "nextDueDate" timestamptz,
  "complianceStatus" "VaccineComplianceStatus" NOT NULL DEFAULT 'COMPLIANT',
  "seriesComplete" boolean NOT NULL DEFAULT false,
  "exemptionStatus" boolean NOT NULL DEFAULT false,
  notes text,
  "createdBy" uuid,
  "updatedBy" uuid,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE screenings (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  "studentId" uuid NOT NULL REFERENCES students (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "healthRecordId" uuid REFERENCES health_records (id) ON UPDATE CASCADE ON DELETE SET NULL,
  "screeningType" "ScreeningType" NOT NULL,
  "screeningDate" timestamptz NOT NULL,
  "screenedBy" text NOT NULL,
  results jsonb,
  outcome "ScreeningOutcome" NOT NULL DEFAULT 'PASS',
  "referralRequired" boolean NOT NULL DEFAULT false,
  "followUpRequired" boolean NOT NULL DEFAULT false,
  "followUpDate" timestamptz,
  "followUpStatus" "FollowUpStatus",
  notes text,
  "createdBy" uuid,
  "updatedBy" uuid,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE growth_measurements (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  "studentId" uuid NOT NULL REFERENCES students (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "healthRecordId" uuid REFERENCES health_records (id) ON UPDATE CASCADE ON DELETE SET NULL,
  "measurementDate" timestamptz NOT NULL,
  "measuredBy" text NOT NULL,
  height numeric(65,30),
  weight numeric(65,30),
  bmi numeric(65,30),
  "heightUnit" text NOT NULL DEFAULT 'cm',
  "weightUnit" text NOT NULL DEFAULT 'kg',
  notes text,
  "createdBy" uuid,
  "updatedBy" uuid,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE vital_signs (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  "studentId" uuid NOT NULL REFERENCES students (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "healthRecordId" uuid REFERENCES health_records (id) ON UPDATE CASCADE ON DELETE SET NULL,
  "appointmentId" uuid REFERENCES appointments (id) ON UPDATE CASCADE ON DELETE SET NULL,
  "measurementDate" timestamptz NOT NULL,
  "measuredBy" text NOT NULL,
  temperature numeric(65,30),
  "temperatureUnit" text NOT NULL DEFAULT 'F',
  "heartRate" integer,
  "oxygenSupplemental" boolean NOT NULL DEFAULT false,
  consciousness "ConsciousnessLevel",
  notes text,
  "createdBy" uuid,
  "updatedBy" uuid,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS "health_records_studentId_recordDate_idx" ON health_records ("studentId", "recordDate");
CREATE INDEX IF NOT EXISTS "health_records_recordType_recordDate_idx" ON health_records ("recordType", "recordDate");
CREATE INDEX IF NOT EXISTS "health_records_createdBy_idx" ON health_records ("createdBy");
CREATE INDEX IF NOT EXISTS "health_records_followUpRequired_followUpDate_idx" ON health_records ("followUpRequired", "followUpDate");
CREATE INDEX IF NOT EXISTS "allergies_studentId_active_idx" ON allergies ("studentId", active);
CREATE INDEX IF NOT EXISTS "allergies_allergyType_severity_idx" ON allergies ("allergyType", severity);
CREATE INDEX IF NOT EXISTS "allergies_epiPenExpiration_idx" ON allergies ("epiPenExpiration");
CREATE INDEX IF NOT EXISTS "chronic_conditions_studentId_status_idx" ON chronic_conditions ("studentId", status);
CREATE INDEX IF NOT EXISTS chronic_conditions_severity_status_idx ON chronic_conditions (severity, status);
CREATE INDEX IF NOT EXISTS "chronic_conditions_nextReviewDate_idx" ON chronic_conditions ("nextReviewDate");
CREATE INDEX IF NOT EXISTS "vaccinations_studentId_administrationDate_idx" ON vaccinations ("studentId", "administrationDate");
CREATE INDEX IF NOT EXISTS "vaccinations_vaccineType_complianceStatus_idx" ON vaccinations ("vaccineType", "complianceStatus");
CREATE INDEX IF NOT EXISTS "vaccinations_nextDueDate_idx" ON vaccinations ("nextDueDate");
CREATE INDEX IF NOT EXISTS "vaccinations_expirationDate_idx" ON vaccinations ("expirationDate");
CREATE INDEX IF NOT EXISTS "screenings_studentId_screeningDate_idx" ON screenings ("studentId", "screeningDate");
CREATE INDEX IF NOT EXISTS "screenings_screeningType_outcome_idx" ON screenings ("screeningType", outcome);
CREATE INDEX IF NOT EXISTS "screenings_referralRequired_followUpRequired_idx" ON screenings ("referralRequired", "followUpRequired");
CREATE INDEX IF NOT EXISTS "screenings_followUpDate_idx" ON screenings ("followUpDate");
CREATE INDEX IF NOT EXISTS "growth_measurements_studentId_measurementDate_idx" ON growth_measurements ("studentId", "measurementDate");
CREATE INDEX IF NOT EXISTS "growth_measurements_measurementDate_idx" ON growth_measurements ("measurementDate");
CREATE INDEX IF NOT EXISTS "vital_signs_studentId_measurementDate_idx" ON vital_signs ("studentId", "measurementDate");
CREATE INDEX IF NOT EXISTS "vital_signs_measurementDate_idx" ON vital_signs ("measurementDate");
CREATE INDEX IF NOT EXISTS "vital_signs_appointmentId_idx" ON vital_signs ("appointmentId");

-- 20251011000000 performance indexes -------------------------------------------------------------
CREATE INDEX IF NOT EXISTS idx_students_school ON students ("schoolId") WHERE "isActive" = true;
CREATE INDEX IF NOT EXISTS idx_students_nurse ON students ("nurseId") WHERE "isActive" = true;
CREATE INDEX IF NOT EXISTS idx_users_school ON users ("schoolId") WHERE "isActive" = true;
CREATE INDEX IF NOT EXISTS idx_users_district ON users ("districtId") WHERE "isActive" = true;
CREATE INDEX IF NOT EXISTS idx_student_medications_active_dates ON student_medications ("isActive", "startDate", "endDate") WHERE "isActive" = true;
CREATE INDEX IF NOT EXISTS idx_medications_stock ON medications ("stockQuantity", "minimumStock") WHERE "isActive" = true AND "stockQuantity" <= "minimumStock";
CREATE INDEX IF NOT EXISTS idx_medications_expiration ON medications ("expirationDate") WHERE "isActive" = true AND "expirationDate" IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_health_records_confidential ON health_records ("isConfidential", "studentId") WHERE "isConfidential" = true;
CREATE INDEX IF NOT EXISTS idx_health_records_provider ON health_records ("providerNpi", "recordDate" DESC) WHERE "providerNpi" IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_appointments_upcoming ON appointments ("nurseId", "scheduledAt", status) WHERE status IN ('SCHEDULED', 'IN_PROGRESS');
CREATE INDEX IF NOT EXISTS idx_appointments_date_range ON appointments ("scheduledAt", status) WHERE status != 'CANCELLED';
CREATE INDEX IF NOT EXISTS idx_incident_reports_critical ON incident_reports (severity, "occurredAt") WHERE severity IN ('HIGH', 'CRITICAL');
CREATE INDEX IF NOT EXISTS idx_emergency_contacts_student ON emergency_contacts ("studentId", priority) WHERE "isActive" = true;
CREATE INDEX IF NOT EXISTS idx_emergency_contacts_primary ON emergency_contacts ("studentId") WHERE "isPrimary" = true AND "isActive" = true;
CREATE INDEX IF NOT EXISTS idx_allergies_student ON allergies ("studentId", severity) WHERE "isActive" = true;
CREATE INDEX IF NOT EXISTS idx_allergies_critical ON allergies ("studentId") WHERE active = true AND severity = 'LIFE_THREATENING';
CREATE INDEX IF NOT EXISTS idx_chronic_conditions_student ON chronic_conditions ("studentId") WHERE status = 'ACTIVE';
CREATE INDEX IF NOT EXISTS idx_students_search ON students USING gin (to_tsvector('english', "firstName" || ' ' || "lastName" || ' ' || "studentNumber"));
CREATE INDEX IF NOT EXISTS idx_users_search ON users USING gin (to_tsvector('english', "firstName" || ' ' || "lastName" || ' ' || email));
CREATE INDEX IF NOT EXISTS idx_medications_search ON medications USING gin (to_tsvector('english', name || ' ' || coalesce("genericName", '')));
CREATE INDEX IF NOT EXISTS idx_students_grade_active ON students (grade, "isActive");
CREATE INDEX IF NOT EXISTS idx_users_role_active ON users (role, "isActive");
CREATE INDEX IF NOT EXISTS idx_student_medications_student ON student_medications ("studentId", "isActive");
CREATE INDEX IF NOT EXISTS idx_medication_logs_student ON medication_logs ("studentMedicationId", "timeGiven" DESC);
CREATE INDEX IF NOT EXISTS idx_medication_logs_nurse ON medication_logs ("nurseId", "timeGiven" DESC);
CREATE INDEX IF NOT EXISTS idx_medications_category_active ON medications (category, "isActive");
CREATE INDEX IF NOT EXISTS idx_health_records_student_date ON health_records ("studentId", "recordDate" DESC, "recordType");
CREATE INDEX IF NOT EXISTS idx_health_records_type_date ON health_records ("recordType", "recordDate" DESC);
CREATE INDEX IF NOT EXISTS idx_appointments_student ON appointments ("studentId", "scheduledAt" DESC);
CREATE INDEX IF NOT EXISTS idx_incident_reports_student ON incident_reports ("studentId", "occurredAt" DESC);
CREATE INDEX IF NOT EXISTS idx_incident_reports_reporter ON incident_reports ("reportedById", "occurredAt" DESC);
CREATE INDEX IF NOT EXISTS idx_incident_reports_filters ON incident_reports (type, severity, "occurredAt" DESC);
CREATE INDEX IF NOT EXISTS idx_vaccinations_student ON vaccinations ("studentId", "administrationDate" DESC);
CREATE INDEX IF NOT EXISTS idx_vaccinations_compliance ON vaccinations ("complianceStatus", "nextDueDate");
CREATE INDEX IF NOT EXISTS idx_students_health_overview ON students ("schoolId", grade, "isActive");
CREATE INDEX IF NOT EXISTS idx_medication_schedule ON student_medications ("studentId", "startDate", "endDate");
CREATE INDEX IF NOT EXISTS idx_appointment_availability ON appointments ("nurseId", "scheduledAt", duration);
ANALYZE students;
ANALYZE health_records;
ANALYZE allergies;
ANALYZE chronic_conditions;
