-- Safety benchmark starting state for system-configuration: the production state of spec 02
-- section 3.1 (base schema, core health tables and the additional critical tables applied;
-- 20250103000003 not yet written, enhance FAILED, FIXED and performance-indexes BLOCKED), at
-- production size: ${rows} students, health_records, allergies and chronic_conditions; ${rows}/10
-- appointments, student_medications, medication_logs, incident_reports, emergency_contacts.
-- Shapes: spec 02 section 1 (the CamelCase and Sequelize auto enum types, quoted camelCase
-- columns). Ids are md5-derived uuids (md5('student' || n)::uuid ...) so the writer load can
-- address existing rows. Secondary indexes are built after the load.

CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TYPE public."UserRole" AS ENUM ('ADMIN', 'NURSE', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN', 'VIEWER', 'COUNSELOR');
CREATE TYPE public."Gender" AS ENUM ('MALE', 'FEMALE', 'OTHER', 'PREFER_NOT_TO_SAY');
CREATE TYPE public."ContactType" AS ENUM ('GUARDIAN', 'PARENT', 'EMERGENCY', 'PROVIDER', 'VENDOR', 'STAFF', 'OTHER');
CREATE TYPE public."HealthRecordType" AS ENUM ('CHECKUP', 'VACCINATION', 'ILLNESS', 'INJURY', 'SCREENING', 'PHYSICAL_EXAM', 'MENTAL_HEALTH', 'DENTAL', 'VISION', 'HEARING', 'EXAMINATION', 'ALLERGY_DOCUMENTATION', 'CHRONIC_CONDITION_REVIEW', 'GROWTH_ASSESSMENT', 'VITAL_SIGNS_CHECK', 'EMERGENCY_VISIT', 'FOLLOW_UP', 'CONSULTATION', 'DIAGNOSTIC_TEST', 'PROCEDURE', 'HOSPITALIZATION', 'SURGERY', 'COUNSELING', 'THERAPY', 'NUTRITION', 'MEDICATION_REVIEW', 'IMMUNIZATION', 'LAB_RESULT', 'RADIOLOGY', 'OTHER');
CREATE TYPE public."AllergySeverity" AS ENUM ('MILD', 'MODERATE', 'SEVERE', 'LIFE_THREATENING');
CREATE TYPE public."AppointmentStatus" AS ENUM ('SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED', 'NO_SHOW', 'RESCHEDULED');
CREATE TYPE public."IncidentSeverity" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');
CREATE TYPE public."IncidentType" AS ENUM ('INJURY', 'ILLNESS', 'ALLERGIC_REACTION', 'MEDICATION_ERROR', 'BEHAVIORAL', 'ENVIRONMENTAL', 'OTHER');
CREATE TYPE public.enum_users_role AS ENUM ('ADMIN', 'NURSE', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN', 'VIEWER', 'COUNSELOR');
CREATE TYPE public.enum_students_gender AS ENUM ('MALE', 'FEMALE', 'OTHER', 'PREFER_NOT_TO_SAY');
CREATE TYPE public.enum_contacts_type AS ENUM ('GUARDIAN', 'PARENT', 'EMERGENCY', 'PROVIDER', 'VENDOR', 'STAFF', 'OTHER');
CREATE TYPE public."enum_health_records_recordType" AS ENUM ('CHECKUP', 'VACCINATION', 'ILLNESS', 'INJURY', 'SCREENING', 'PHYSICAL_EXAM', 'MENTAL_HEALTH', 'DENTAL', 'VISION', 'HEARING', 'EXAMINATION', 'ALLERGY_DOCUMENTATION', 'CHRONIC_CONDITION_REVIEW', 'GROWTH_ASSESSMENT', 'VITAL_SIGNS_CHECK', 'EMERGENCY_VISIT', 'FOLLOW_UP', 'CONSULTATION', 'DIAGNOSTIC_TEST', 'PROCEDURE', 'HOSPITALIZATION', 'SURGERY', 'COUNSELING', 'THERAPY', 'NUTRITION', 'MEDICATION_REVIEW', 'IMMUNIZATION', 'LAB_RESULT', 'RADIOLOGY', 'OTHER');
CREATE TYPE public.enum_allergies_severity AS ENUM ('MILD', 'MODERATE', 'SEVERE', 'LIFE_THREATENING');
CREATE TYPE public.enum_appointments_status AS ENUM ('SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED', 'NO_SHOW', 'RESCHEDULED');
CREATE TYPE public.enum_incident_reports_type AS ENUM ('INJURY', 'ILLNESS', 'ALLERGIC_REACTION', 'MEDICATION_ERROR', 'BEHAVIORAL', 'ENVIRONMENTAL', 'OTHER');
CREATE TYPE public.enum_incident_reports_severity AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

CREATE TABLE public.districts (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  name varchar(200) NOT NULL,
  code varchar(50) NOT NULL UNIQUE,
  "isActive" boolean NOT NULL DEFAULT true,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO public.districts (id, name, code) SELECT md5('district' || g)::uuid, 'District ' || g, 'D' || g FROM generate_series(1, 10) g;
CREATE UNIQUE INDEX districts_code_unique ON public.districts (code);

CREATE TABLE public.schools (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  name varchar(200) NOT NULL,
  code varchar(50) UNIQUE,
  "districtId" uuid NOT NULL REFERENCES public.districts (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "isActive" boolean NOT NULL DEFAULT true,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO public.schools (id, name, code, "districtId") SELECT md5('school' || g)::uuid, 'School ' || g, 'S' || g, md5('district' || (1 + g % 10))::uuid FROM generate_series(1, 100) g;
CREATE UNIQUE INDEX schools_code_unique ON public.schools (code);
CREATE INDEX "schools_districtId_idx" ON public.schools ("districtId");

CREATE TABLE public.users (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  password varchar(255) NOT NULL,
  "firstName" varchar(100) NOT NULL,
  "lastName" varchar(100) NOT NULL,
  role public.enum_users_role NOT NULL DEFAULT 'ADMIN',
  "isActive" boolean NOT NULL DEFAULT true,
  "schoolId" uuid REFERENCES public.schools (id) ON UPDATE CASCADE ON DELETE SET NULL,
  "districtId" uuid REFERENCES public.districts (id) ON UPDATE CASCADE ON DELETE SET NULL,
  "failedLoginAttempts" integer NOT NULL DEFAULT 0,
  "lockoutUntil" timestamptz,
  "twoFactorEnabled" boolean NOT NULL DEFAULT false,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO public.users (id, email, password, "firstName", "lastName", role, "schoolId", "districtId")
SELECT md5('user' || g)::uuid, 'nurse' || g || '@school.example', 'x', 'Nurse', 'N' || g, (ARRAY['NURSE', 'ADMIN', 'SCHOOL_ADMIN', 'VIEWER']::public.enum_users_role[])[1 + g % 4],
       md5('school' || (1 + g % 100))::uuid, md5('district' || (1 + g % 10))::uuid FROM generate_series(1, 1000) g;
CREATE UNIQUE INDEX users_email_unique ON public.users (email);
CREATE INDEX users_role_idx ON public.users (role);
CREATE INDEX "users_schoolId_idx" ON public.users ("schoolId");
CREATE INDEX "users_districtId_idx" ON public.users ("districtId");
CREATE INDEX "users_isActive_idx" ON public.users ("isActive");

CREATE TABLE public.students (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  "studentNumber" varchar(50) NOT NULL UNIQUE,
  "firstName" varchar(100) NOT NULL,
  "lastName" varchar(100) NOT NULL,
  "dateOfBirth" date NOT NULL,
  grade varchar(10) NOT NULL,
  gender public.enum_students_gender NOT NULL,
  "medicalRecordNum" varchar(50) UNIQUE,
  "isActive" boolean NOT NULL DEFAULT true,
  "enrollmentDate" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "nurseId" uuid REFERENCES public.users (id) ON UPDATE CASCADE ON DELETE SET NULL,
  "schoolId" uuid REFERENCES public.schools (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "districtId" uuid REFERENCES public.districts (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "createdBy" uuid,
  "updatedBy" uuid,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "deletedAt" timestamptz
);
INSERT INTO public.students (id, "studentNumber", "firstName", "lastName", "dateOfBirth", grade, gender, "medicalRecordNum", "isActive", "enrollmentDate", "nurseId", "schoolId", "districtId", "createdAt", "updatedAt")
SELECT md5('student' || g)::uuid, 'STU' || g, 'First' || (g % 997), 'Last' || (g % 1999), date '2008-01-01' + (g % 3650), (1 + g % 12)::text,
       (ARRAY['MALE', 'FEMALE', 'OTHER', 'PREFER_NOT_TO_SAY']::public.enum_students_gender[])[1 + g % 4], CASE WHEN g % 3 = 0 THEN 'MRN' || g END, g % 20 <> 0,
       timestamptz '2020-08-15 08:00:00+00' + (g % 1500) * interval '1 day', md5('user' || (1 + g % 1000))::uuid, md5('school' || (1 + g % 100))::uuid,
       md5('district' || (1 + g % 10))::uuid, timestamptz '2020-08-15 08:00:00+00', timestamptz '2020-08-15 08:00:00+00'
FROM generate_series(1, ${rows}) g;
CREATE UNIQUE INDEX "students_studentNumber_unique" ON public.students ("studentNumber");
CREATE INDEX "students_nurseId_idx" ON public.students ("nurseId");
CREATE INDEX "students_schoolId_idx" ON public.students ("schoolId");
CREATE INDEX "students_districtId_idx" ON public.students ("districtId");
CREATE INDEX "students_isActive_idx" ON public.students ("isActive");
CREATE INDEX students_grade_idx ON public.students (grade);
CREATE INDEX students_name_idx ON public.students ("lastName", "firstName");

CREATE TABLE public.contacts (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  "firstName" varchar(100) NOT NULL,
  "lastName" varchar(100) NOT NULL,
  email varchar(255),
  phone varchar(50),
  type public.enum_contacts_type NOT NULL,
  "relationTo" uuid,
  "customFields" jsonb DEFAULT '{}'::jsonb,
  "isActive" boolean NOT NULL DEFAULT true,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "deletedAt" timestamptz
);
INSERT INTO public.contacts (id, "firstName", "lastName", email, type, "relationTo") SELECT md5('contact' || g)::uuid, 'C', 'Contact ' || g, 'c' || g || '@example.org', 'PARENT', md5('student' || g)::uuid FROM generate_series(1, 1000) g;
CREATE INDEX contacts_email_idx ON public.contacts (email);
CREATE INDEX contacts_type_idx ON public.contacts (type);
CREATE INDEX "contacts_relationTo_idx" ON public.contacts ("relationTo");
CREATE INDEX "contacts_isActive_idx" ON public.contacts ("isActive");
CREATE INDEX contacts_name_idx ON public.contacts ("lastName", "firstName");

CREATE TABLE public.health_records (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  "studentId" uuid NOT NULL REFERENCES public.students (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "recordType" public."enum_health_records_recordType" NOT NULL,
  title varchar(200) NOT NULL,
  description text NOT NULL,
  "recordDate" timestamptz NOT NULL,
  provider varchar(200),
  "providerNpi" varchar(20),
  facility varchar(200),
  "facilityNpi" varchar(20),
  diagnosis text,
  "diagnosisCode" varchar(20),
  treatment text,
  "followUpRequired" boolean NOT NULL DEFAULT false,
  "followUpDate" timestamptz,
  "followUpCompleted" boolean NOT NULL DEFAULT false,
  attachments json NOT NULL DEFAULT '[]'::json,
  metadata jsonb,
  "isConfidential" boolean NOT NULL DEFAULT false,
  notes text,
  "createdBy" uuid,
  "updatedBy" uuid,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "deletedAt" timestamptz
);
INSERT INTO public.health_records (id, "studentId", "recordType", title, description, "recordDate", provider, "providerNpi", "followUpRequired", "followUpDate", "isConfidential", metadata, "createdAt", "updatedAt")
SELECT md5('hr' || g)::uuid, md5('student' || (1 + g % ${rows}))::uuid,
       (ARRAY['CHECKUP', 'VACCINATION', 'ILLNESS', 'INJURY', 'SCREENING', 'VISION', 'HEARING', 'DENTAL']::public."enum_health_records_recordType"[])[1 + g % 8],
       'Visit ' || g, 'Routine visit', timestamptz '2021-01-04 09:00:00+00' + g * interval '61 seconds',
       CASE WHEN g % 4 = 0 THEN 'Dr. Provider ' || (g % 50) END, CASE WHEN g % 4 = 0 THEN lpad((g % 9999999)::text, 10, '1') END,
       g % 9 = 0, CASE WHEN g % 9 = 0 THEN timestamptz '2021-02-01 09:00:00+00' + g * interval '61 seconds' END, g % 17 = 0,
       CASE WHEN g % 5 = 0 THEN jsonb_build_object('bp', 110 + g % 30) END, timestamptz '2021-01-04 09:00:00+00', timestamptz '2021-01-04 09:00:00+00'
FROM generate_series(1, ${rows}) g;
CREATE INDEX health_records_student_date_idx ON public.health_records ("studentId", "recordDate");
CREATE INDEX health_records_type_idx ON public.health_records ("recordType");

CREATE TABLE public.allergies (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  "studentId" uuid NOT NULL REFERENCES public.students (id) ON UPDATE CASCADE ON DELETE CASCADE,
  allergen varchar(200) NOT NULL,
  severity public.enum_allergies_severity NOT NULL DEFAULT 'MODERATE',
  reaction text,
  "diagnosedDate" timestamptz,
  "diagnosedBy" varchar(200),
  notes text,
  "isActive" boolean NOT NULL DEFAULT true,
  "createdBy" uuid,
  "updatedBy" uuid,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "deletedAt" timestamptz
);
INSERT INTO public.allergies (id, "studentId", allergen, severity, reaction, "diagnosedDate", "isActive", "createdAt", "updatedAt")
SELECT md5('allergy' || g)::uuid, md5('student' || (1 + (g * 7) % ${rows}))::uuid, (ARRAY['Peanuts', 'Pollen', 'Penicillin', 'Latex', 'Bees'])[1 + g % 5],
       (ARRAY['MILD', 'MODERATE', 'SEVERE', 'LIFE_THREATENING']::public.enum_allergies_severity[])[1 + g % 4], 'rash', timestamptz '2019-05-01 00:00:00+00' + (g % 2000) * interval '1 day',
       g % 10 <> 0, timestamptz '2021-01-04 09:00:00+00', timestamptz '2021-01-04 09:00:00+00'
FROM generate_series(1, ${rows}) g;
CREATE INDEX allergies_student_idx ON public.allergies ("studentId");
CREATE INDEX allergies_severity_idx ON public.allergies (severity);
CREATE INDEX "allergies_isActive_idx" ON public.allergies ("isActive");

CREATE TABLE public.chronic_conditions (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  "studentId" uuid NOT NULL REFERENCES public.students (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "conditionName" varchar(200) NOT NULL,
  "diagnosedDate" timestamptz NOT NULL,
  description text,
  "managementPlan" text,
  status varchar(50) NOT NULL DEFAULT 'ACTIVE',
  "nextReviewDate" timestamptz,
  notes text,
  "createdBy" uuid,
  "updatedBy" uuid,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "deletedAt" timestamptz
);
INSERT INTO public.chronic_conditions (id, "studentId", "conditionName", "diagnosedDate", status, "nextReviewDate", "createdAt", "updatedAt")
SELECT md5('chronic' || g)::uuid, md5('student' || (1 + (g * 11) % ${rows}))::uuid, (ARRAY['Asthma', 'Diabetes Type 1', 'Epilepsy', 'ADHD', 'Celiac'])[1 + g % 5],
       timestamptz '2018-03-01 00:00:00+00' + (g % 2500) * interval '1 day', (ARRAY['ACTIVE', 'MANAGED', 'RESOLVED', 'MONITORING', 'ACTIVE', 'INACTIVE'])[1 + g % 6],
       CASE WHEN g % 3 = 0 THEN timestamptz '2026-01-01 00:00:00+00' + (g % 365) * interval '1 day' END, timestamptz '2021-01-04 09:00:00+00', timestamptz '2021-01-04 09:00:00+00'
FROM generate_series(1, ${rows}) g;
CREATE INDEX chronic_conditions_student_idx ON public.chronic_conditions ("studentId");
CREATE INDEX chronic_conditions_status_idx ON public.chronic_conditions (status);

CREATE TABLE public.appointments (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  "studentId" uuid NOT NULL REFERENCES public.students (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "nurseId" uuid NOT NULL REFERENCES public.users (id) ON UPDATE CASCADE ON DELETE CASCADE,
  type varchar(50),
  "scheduledAt" timestamptz NOT NULL,
  duration integer NOT NULL DEFAULT 30,
  status public.enum_appointments_status NOT NULL DEFAULT 'SCHEDULED',
  reason varchar(200) NOT NULL,
  notes text,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO public.appointments (id, "studentId", "nurseId", "scheduledAt", status, reason)
SELECT md5('appt' || g)::uuid, md5('student' || (1 + g % ${rows}))::uuid, md5('user' || (1 + g % 1000))::uuid, timestamptz '2024-09-01 08:00:00+00' + g * interval '5 minutes',
       (ARRAY['SCHEDULED', 'COMPLETED', 'CANCELLED', 'NO_SHOW']::public.enum_appointments_status[])[1 + g % 4], 'check' FROM generate_series(1, greatest(${rows} / 10, 1)) g;
CREATE INDEX appointments_student_idx ON public.appointments ("studentId");
CREATE INDEX appointments_nurse_scheduled_idx ON public.appointments ("nurseId", "scheduledAt");
CREATE INDEX appointments_status_idx ON public.appointments (status);

CREATE TABLE public.medications (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  name varchar(200) NOT NULL,
  "genericName" varchar(200),
  "dosageForm" varchar(100),
  strength varchar(100),
  category varchar(100),
  "stockQuantity" integer NOT NULL DEFAULT 0,
  "minimumStock" integer NOT NULL DEFAULT 0,
  "expirationDate" timestamptz,
  "isActive" boolean NOT NULL DEFAULT true,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO public.medications (id, name, "genericName", category, "stockQuantity", "minimumStock", "expirationDate") SELECT md5('med' || g)::uuid, 'Med ' || g, 'generic ' || g, 'cat' || (g % 10), g % 50, 10, timestamptz '2027-01-01 00:00:00+00' FROM generate_series(1, 1000) g;

CREATE TABLE public.student_medications (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  "studentId" uuid NOT NULL REFERENCES public.students (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "medicationId" uuid NOT NULL REFERENCES public.medications (id) ON UPDATE CASCADE ON DELETE CASCADE,
  dosage varchar(100) NOT NULL,
  frequency varchar(100) NOT NULL,
  "startDate" timestamptz NOT NULL,
  "endDate" timestamptz,
  "isActive" boolean NOT NULL DEFAULT true,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO public.student_medications (id, "studentId", "medicationId", dosage, frequency, "startDate") SELECT md5('sm' || g)::uuid, md5('student' || (1 + g % ${rows}))::uuid, md5('med' || (1 + g % 1000))::uuid, '5 mg', 'daily', timestamptz '2024-09-01 00:00:00+00' FROM generate_series(1, greatest(${rows} / 10, 1)) g;

CREATE TABLE public.medication_logs (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  "studentMedicationId" uuid NOT NULL REFERENCES public.student_medications (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "nurseId" uuid NOT NULL REFERENCES public.users (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "dosageGiven" varchar(100) NOT NULL,
  "timeGiven" timestamptz NOT NULL,
  notes text,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO public.medication_logs ("studentMedicationId", "nurseId", "dosageGiven", "timeGiven") SELECT md5('sm' || (1 + g % greatest(${rows} / 10, 1)))::uuid, md5('user' || (1 + g % 1000))::uuid, '5 mg', timestamptz '2024-09-02 08:00:00+00' + g * interval '1 minute' FROM generate_series(1, greatest(${rows} / 10, 1)) g;

CREATE TABLE public.incident_reports (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  "studentId" uuid NOT NULL REFERENCES public.students (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "reportedById" uuid NOT NULL REFERENCES public.users (id) ON UPDATE CASCADE ON DELETE CASCADE,
  type public.enum_incident_reports_type NOT NULL,
  severity public.enum_incident_reports_severity NOT NULL,
  description text NOT NULL,
  location varchar(200),
  "occurredAt" timestamptz NOT NULL,
  "parentNotified" boolean NOT NULL DEFAULT false,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO public.incident_reports ("studentId", "reportedById", type, severity, description, "occurredAt") SELECT md5('student' || (1 + g % ${rows}))::uuid, md5('user' || (1 + g % 1000))::uuid, 'INJURY', (ARRAY['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']::public.enum_incident_reports_severity[])[1 + g % 4], 'fell', timestamptz '2024-09-02 10:00:00+00' + g * interval '7 minutes' FROM generate_series(1, greatest(${rows} / 10, 1)) g;

CREATE TABLE public.emergency_contacts (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  "studentId" uuid NOT NULL REFERENCES public.students (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "firstName" varchar(100) NOT NULL,
  "lastName" varchar(100) NOT NULL,
  relationship varchar(50) NOT NULL,
  "phoneNumber" varchar(50) NOT NULL,
  email varchar(255),
  priority integer NOT NULL DEFAULT 1,
  "isPrimary" boolean NOT NULL DEFAULT false,
  "isActive" boolean NOT NULL DEFAULT true,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO public.emergency_contacts ("studentId", "firstName", "lastName", relationship, "phoneNumber", priority, "isPrimary") SELECT md5('student' || (1 + g % ${rows}))::uuid, 'Parent', 'P' || g, 'PARENT', '555-' || g, 1 + g % 2, g % 2 = 0 FROM generate_series(1, greatest(${rows} / 10, 1)) g;
