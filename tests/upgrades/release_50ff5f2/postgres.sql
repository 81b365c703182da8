--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: relais_refuse_change(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.relais_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
    END;
    $$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: beneficiary; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.beneficiary (
    id integer NOT NULL,
    reference character varying(20) DEFAULT ''::character varying NOT NULL,
    full_name character varying(200) DEFAULT ''::character varying NOT NULL,
    search_key character varying(200) DEFAULT ''::character varying NOT NULL,
    phone character varying(40) DEFAULT NULL::character varying,
    email character varying(254) DEFAULT NULL::character varying,
    language character varying(2) DEFAULT 'fr'::character varying NOT NULL,
    site integer,
    social_worker integer,
    consent_recorded_on date DEFAULT CURRENT_DATE NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    anonymised_at timestamp with time zone
);


--
-- Name: beneficiary_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.beneficiary_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: beneficiary_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.beneficiary_id_seq OWNED BY public.beneficiary.id;


--
-- Name: counter; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.counter (
    id integer NOT NULL,
    name character varying(40) DEFAULT ''::character varying NOT NULL,
    value integer DEFAULT 0 NOT NULL
);


--
-- Name: counter_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.counter_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: counter_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.counter_id_seq OWNED BY public.counter.id;


--
-- Name: device; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.device (
    id integer NOT NULL,
    asset_tag character varying(20) DEFAULT ''::character varying NOT NULL,
    category character varying(20) DEFAULT ''::character varying NOT NULL,
    make character varying(100) DEFAULT ''::character varying NOT NULL,
    model character varying(200) DEFAULT ''::character varying NOT NULL,
    serial_number character varying(100) DEFAULT NULL::character varying,
    serial_key character varying(100) DEFAULT NULL::character varying,
    make_key character varying(100) DEFAULT ''::character varying NOT NULL,
    donor character varying(200) DEFAULT ''::character varying NOT NULL,
    donor_ref character varying(100) DEFAULT NULL::character varying,
    donor_ref_key character varying(100) DEFAULT NULL::character varying,
    batch character varying(100) DEFAULT ''::character varying NOT NULL,
    site integer,
    transfer_to integer,
    specs json DEFAULT '{}'::json NOT NULL,
    grade character varying(1) DEFAULT NULL::character varying,
    stage character varying(20) DEFAULT 'received'::character varying NOT NULL,
    funding character varying(20) DEFAULT 'donation'::character varying NOT NULL,
    voucher_code character varying(20) DEFAULT NULL::character varying,
    school_id integer,
    notes text DEFAULT ''::text NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    loan_due_on date
);


--
-- Name: device_event; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.device_event (
    id integer NOT NULL,
    device integer NOT NULL,
    action character varying(30) DEFAULT ''::character varying NOT NULL,
    from_stage character varying(20) DEFAULT NULL::character varying,
    to_stage character varying(20) DEFAULT ''::character varying NOT NULL,
    actor character varying(64) DEFAULT ''::character varying NOT NULL,
    actor_id integer,
    request_id character varying(64) DEFAULT ''::character varying NOT NULL,
    at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    details json DEFAULT '{}'::json NOT NULL
);


--
-- Name: device_event_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.device_event_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: device_event_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.device_event_id_seq OWNED BY public.device_event.id;


--
-- Name: device_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.device_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: device_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.device_id_seq OWNED BY public.device.id;


--
-- Name: device_import; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.device_import (
    id integer NOT NULL,
    filename character varying(255) DEFAULT ''::character varying NOT NULL,
    sha256 character varying(64) DEFAULT ''::character varying NOT NULL,
    device_count integer DEFAULT 0 NOT NULL,
    donor character varying(200) DEFAULT ''::character varying NOT NULL,
    batch character varying(100) DEFAULT ''::character varying NOT NULL,
    first_asset_tag character varying(20) DEFAULT NULL::character varying,
    last_asset_tag character varying(20) DEFAULT NULL::character varying,
    imported_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    imported_by character varying(64) DEFAULT ''::character varying NOT NULL,
    imported_by_id integer
);


--
-- Name: device_import_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.device_import_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: device_import_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.device_import_id_seq OWNED BY public.device_import.id;


--
-- Name: loan; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.loan (
    id integer NOT NULL,
    device integer NOT NULL,
    beneficiary integer NOT NULL,
    social_worker integer NOT NULL,
    site integer,
    starts_on date DEFAULT CURRENT_DATE NOT NULL,
    due_on date DEFAULT CURRENT_DATE NOT NULL,
    accessories json DEFAULT '[]'::json NOT NULL,
    status character varying(10) DEFAULT 'active'::character varying NOT NULL,
    renewals integer DEFAULT 0 NOT NULL,
    renewal_history json DEFAULT '[]'::json NOT NULL,
    return_condition character varying(12) DEFAULT NULL::character varying,
    notes text DEFAULT ''::text NOT NULL,
    closing_notes text DEFAULT ''::text NOT NULL,
    closed_at timestamp with time zone,
    closed_on date,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT loan_consistency_check CHECK (((due_on >= starts_on) AND (renewals >= 0) AND (((status)::text = 'active'::text) = (closed_at IS NULL))))
);


--
-- Name: loan_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.loan_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: loan_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.loan_id_seq OWNED BY public.loan.id;


--
-- Name: loan_reminder; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.loan_reminder (
    id integer NOT NULL,
    loan integer NOT NULL,
    kind character varying(20) DEFAULT ''::character varying NOT NULL,
    offset_days integer DEFAULT 0 NOT NULL,
    recipient character varying(20) DEFAULT ''::character varying NOT NULL,
    channel character varying(10) DEFAULT ''::character varying NOT NULL,
    language character varying(2) DEFAULT ''::character varying NOT NULL,
    due_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    status character varying(10) DEFAULT 'scheduled'::character varying NOT NULL,
    next_attempt_at timestamp with time zone,
    attempts integer DEFAULT 0 NOT NULL,
    claim_token character varying(32) DEFAULT NULL::character varying,
    claimed_at timestamp with time zone,
    sent_at timestamp with time zone,
    cancelled_at timestamp with time zone,
    last_error text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT loan_reminder_attempts_check CHECK ((attempts >= 0))
);


--
-- Name: loan_reminder_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.loan_reminder_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: loan_reminder_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.loan_reminder_id_seq OWNED BY public.loan_reminder.id;


--
-- Name: login_failure; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.login_failure (
    id integer NOT NULL,
    username_key character varying(64) DEFAULT ''::character varying NOT NULL,
    at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: login_failure_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.login_failure_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: login_failure_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.login_failure_id_seq OWNED BY public.login_failure.id;


--
-- Name: migration; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.migration (
    id integer NOT NULL,
    name character varying(200) DEFAULT ''::character varying NOT NULL,
    app_name character varying(200) DEFAULT ''::character varying NOT NULL,
    ran_on timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: migration_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.migration_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: migration_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.migration_id_seq OWNED BY public.migration.id;


--
-- Name: programme; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.programme (
    id integer NOT NULL,
    name character varying(200) DEFAULT ''::character varying NOT NULL,
    funder character varying(200) DEFAULT ''::character varying NOT NULL,
    starts_on date,
    ends_on date,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: programme_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.programme_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: programme_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.programme_id_seq OWNED BY public.programme.id;


--
-- Name: redemption; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.redemption (
    id integer NOT NULL,
    voucher integer NOT NULL,
    school integer NOT NULL,
    kind character varying(20) DEFAULT 'workshop'::character varying NOT NULL,
    status character varying(20) DEFAULT 'requested'::character varying NOT NULL,
    quantity integer DEFAULT 0 NOT NULL,
    reserved integer DEFAULT 0 NOT NULL,
    reference character varying(100) DEFAULT ''::character varying NOT NULL,
    notes text DEFAULT ''::text NOT NULL,
    requested_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    requested_by character varying(64) DEFAULT ''::character varying NOT NULL,
    handed_over_at timestamp with time zone,
    handed_over_by character varying(64) DEFAULT ''::character varying NOT NULL,
    delivery_note_number character varying(40) DEFAULT NULL::character varying,
    cancelled_at timestamp with time zone,
    cancelled_by character varying(64) DEFAULT ''::character varying NOT NULL,
    cancel_reason text DEFAULT ''::text NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT redemption_units_check CHECK (((quantity > 0) AND (reserved >= 0) AND (reserved <= quantity)))
);


--
-- Name: redemption_device; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.redemption_device (
    id integer NOT NULL,
    redemption integer NOT NULL,
    device integer NOT NULL,
    asset_tag character varying(20) DEFAULT ''::character varying NOT NULL,
    reserved_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    reserved_by character varying(64) DEFAULT ''::character varying NOT NULL,
    released_at timestamp with time zone,
    released_by character varying(64) DEFAULT ''::character varying NOT NULL
);


--
-- Name: redemption_device_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.redemption_device_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: redemption_device_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.redemption_device_id_seq OWNED BY public.redemption_device.id;


--
-- Name: redemption_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.redemption_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: redemption_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.redemption_id_seq OWNED BY public.redemption.id;


--
-- Name: relais_user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.relais_user (
    id integer NOT NULL,
    username character varying(64) DEFAULT ''::character varying NOT NULL,
    password_hash character varying(255) DEFAULT ''::character varying NOT NULL,
    role character varying(20) DEFAULT ''::character varying NOT NULL,
    school_id integer,
    active boolean DEFAULT true NOT NULL,
    language character varying(2) DEFAULT 'fr'::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: relais_user_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.relais_user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: relais_user_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.relais_user_id_seq OWNED BY public.relais_user.id;


--
-- Name: school; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.school (
    id integer NOT NULL,
    name character varying(200) DEFAULT ''::character varying NOT NULL,
    fase_number character varying(20) DEFAULT ''::character varying NOT NULL,
    address character varying(300) DEFAULT ''::character varying NOT NULL,
    contact_email character varying(254) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: school_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.school_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: school_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.school_id_seq OWNED BY public.school.id;


--
-- Name: site; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.site (
    id integer NOT NULL,
    code character varying(40) DEFAULT ''::character varying NOT NULL,
    name character varying(200) DEFAULT ''::character varying NOT NULL,
    kind character varying(20) DEFAULT 'other'::character varying NOT NULL,
    address character varying(300) DEFAULT ''::character varying NOT NULL,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: site_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.site_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: site_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.site_id_seq OWNED BY public.site.id;


--
-- Name: stock_count; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.stock_count (
    id integer NOT NULL,
    site integer NOT NULL,
    status character varying(10) DEFAULT 'open'::character varying NOT NULL,
    notes text DEFAULT ''::text NOT NULL,
    opened_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    opened_by character varying(64) DEFAULT ''::character varying NOT NULL,
    opened_by_id integer,
    closed_at timestamp with time zone,
    closed_by character varying(64) DEFAULT ''::character varying NOT NULL,
    result json DEFAULT '{}'::json NOT NULL
);


--
-- Name: stock_count_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.stock_count_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: stock_count_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.stock_count_id_seq OWNED BY public.stock_count.id;


--
-- Name: stock_scan; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.stock_scan (
    id integer NOT NULL,
    stock_count integer NOT NULL,
    code character varying(100) DEFAULT ''::character varying NOT NULL,
    code_key character varying(100) DEFAULT ''::character varying NOT NULL,
    device integer,
    asset_tag character varying(20) DEFAULT NULL::character varying,
    scanned_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    scanned_by character varying(64) DEFAULT ''::character varying NOT NULL,
    scanned_by_id integer
);


--
-- Name: stock_scan_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.stock_scan_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: stock_scan_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.stock_scan_id_seq OWNED BY public.stock_scan.id;


--
-- Name: token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.token (
    id integer NOT NULL,
    digest character varying(64) DEFAULT ''::character varying NOT NULL,
    "user" integer NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    expires_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    revoked_at timestamp with time zone
);


--
-- Name: token_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.token_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: token_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.token_id_seq OWNED BY public.token.id;


--
-- Name: voucher; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.voucher (
    id integer NOT NULL,
    code character varying(16) DEFAULT ''::character varying NOT NULL,
    programme integer NOT NULL,
    school integer NOT NULL,
    batch integer,
    quantity integer DEFAULT 0 NOT NULL,
    remaining integer DEFAULT 0 NOT NULL,
    category character varying(20) DEFAULT NULL::character varying,
    expires_on date DEFAULT CURRENT_DATE NOT NULL,
    status character varying(20) DEFAULT 'issued'::character varying NOT NULL,
    issued_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    issued_by character varying(64) DEFAULT ''::character varying NOT NULL,
    cancelled_at timestamp with time zone,
    cancelled_by character varying(64) DEFAULT ''::character varying NOT NULL,
    cancel_reason text DEFAULT ''::text NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT voucher_units_check CHECK (((quantity > 0) AND (remaining >= 0) AND (remaining <= quantity)))
);


--
-- Name: voucher_batch; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.voucher_batch (
    id integer NOT NULL,
    programme integer NOT NULL,
    quantity integer DEFAULT 0 NOT NULL,
    category character varying(20) DEFAULT NULL::character varying,
    expires_on date DEFAULT CURRENT_DATE NOT NULL,
    size integer DEFAULT 0 NOT NULL,
    issued_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    issued_by character varying(64) DEFAULT ''::character varying NOT NULL
);


--
-- Name: voucher_batch_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.voucher_batch_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: voucher_batch_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.voucher_batch_id_seq OWNED BY public.voucher_batch.id;


--
-- Name: voucher_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.voucher_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: voucher_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.voucher_id_seq OWNED BY public.voucher.id;


--
-- Name: wipe_record; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wipe_record (
    id integer NOT NULL,
    device integer NOT NULL,
    certificate_number character varying(40) DEFAULT NULL::character varying,
    method character varying(30) DEFAULT ''::character varying NOT NULL,
    tool character varying(100) DEFAULT ''::character varying NOT NULL,
    storage_serials json DEFAULT '[]'::json NOT NULL,
    passes integer,
    verification character varying(20) DEFAULT 'none'::character varying NOT NULL,
    result character varying(10) DEFAULT ''::character varying NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    operator integer,
    operator_name character varying(64) DEFAULT ''::character varying NOT NULL,
    notes text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: wipe_record_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.wipe_record_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wipe_record_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.wipe_record_id_seq OWNED BY public.wipe_record.id;


--
-- Name: worklist_entry; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.worklist_entry (
    id integer NOT NULL,
    loan integer NOT NULL,
    reminder integer,
    social_worker integer NOT NULL,
    action character varying(30) DEFAULT ''::character varying NOT NULL,
    kind character varying(20) DEFAULT ''::character varying NOT NULL,
    channel character varying(10) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    done_at timestamp with time zone,
    done_by character varying(64) DEFAULT ''::character varying NOT NULL,
    resolution character varying(20) DEFAULT ''::character varying NOT NULL
);


--
-- Name: worklist_entry_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.worklist_entry_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: worklist_entry_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.worklist_entry_id_seq OWNED BY public.worklist_entry.id;


--
-- Name: beneficiary id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.beneficiary ALTER COLUMN id SET DEFAULT nextval('public.beneficiary_id_seq'::regclass);


--
-- Name: counter id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.counter ALTER COLUMN id SET DEFAULT nextval('public.counter_id_seq'::regclass);


--
-- Name: device id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device ALTER COLUMN id SET DEFAULT nextval('public.device_id_seq'::regclass);


--
-- Name: device_event id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device_event ALTER COLUMN id SET DEFAULT nextval('public.device_event_id_seq'::regclass);


--
-- Name: device_import id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device_import ALTER COLUMN id SET DEFAULT nextval('public.device_import_id_seq'::regclass);


--
-- Name: loan id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loan ALTER COLUMN id SET DEFAULT nextval('public.loan_id_seq'::regclass);


--
-- Name: loan_reminder id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loan_reminder ALTER COLUMN id SET DEFAULT nextval('public.loan_reminder_id_seq'::regclass);


--
-- Name: login_failure id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_failure ALTER COLUMN id SET DEFAULT nextval('public.login_failure_id_seq'::regclass);


--
-- Name: migration id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.migration ALTER COLUMN id SET DEFAULT nextval('public.migration_id_seq'::regclass);


--
-- Name: programme id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.programme ALTER COLUMN id SET DEFAULT nextval('public.programme_id_seq'::regclass);


--
-- Name: redemption id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.redemption ALTER COLUMN id SET DEFAULT nextval('public.redemption_id_seq'::regclass);


--
-- Name: redemption_device id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.redemption_device ALTER COLUMN id SET DEFAULT nextval('public.redemption_device_id_seq'::regclass);


--
-- Name: relais_user id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.relais_user ALTER COLUMN id SET DEFAULT nextval('public.relais_user_id_seq'::regclass);


--
-- Name: school id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.school ALTER COLUMN id SET DEFAULT nextval('public.school_id_seq'::regclass);


--
-- Name: site id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.site ALTER COLUMN id SET DEFAULT nextval('public.site_id_seq'::regclass);


--
-- Name: stock_count id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stock_count ALTER COLUMN id SET DEFAULT nextval('public.stock_count_id_seq'::regclass);


--
-- Name: stock_scan id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stock_scan ALTER COLUMN id SET DEFAULT nextval('public.stock_scan_id_seq'::regclass);


--
-- Name: token id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.token ALTER COLUMN id SET DEFAULT nextval('public.token_id_seq'::regclass);


--
-- Name: voucher id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.voucher ALTER COLUMN id SET DEFAULT nextval('public.voucher_id_seq'::regclass);


--
-- Name: voucher_batch id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.voucher_batch ALTER COLUMN id SET DEFAULT nextval('public.voucher_batch_id_seq'::regclass);


--
-- Name: wipe_record id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wipe_record ALTER COLUMN id SET DEFAULT nextval('public.wipe_record_id_seq'::regclass);


--
-- Name: worklist_entry id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.worklist_entry ALTER COLUMN id SET DEFAULT nextval('public.worklist_entry_id_seq'::regclass);


--
-- Data for Name: beneficiary; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.beneficiary VALUES (1, 'B-2026-00001', 'Fatima El Amrani', 'fatima el amrani', '+32 470 12 34 56', NULL, 'fr', 2, 4, '2026-12-06', '2026-12-06 15:12:35.578754+00', '2026-12-06 15:12:35.578754+00', NULL);
INSERT INTO public.beneficiary VALUES (2, 'B-2026-00002', 'Jean Dupont', 'jean dupont', NULL, NULL, 'fr', 3, 5, '2026-12-05', '2026-12-06 15:12:35.582385+00', '2026-12-06 15:12:35.582385+00', NULL);
INSERT INTO public.beneficiary VALUES (3, 'B-2026-00003', 'Marie Claes', 'marie claes', '+32 486 22 33 44', 'marie.claes@example.org', 'nl', 2, 4, '2026-12-04', '2026-12-06 15:12:35.5844+00', '2026-12-06 15:12:35.5844+00', NULL);
INSERT INTO public.beneficiary VALUES (4, 'B-2026-00004', 'Mohammed Benali', 'mohammed benali', '+32 465 98 76 54', NULL, 'fr', 3, 5, '2026-12-03', '2026-12-06 15:12:35.586549+00', '2026-12-06 15:12:35.586549+00', NULL);
INSERT INTO public.beneficiary VALUES (5, 'B-2026-00005', 'Olena Kovalenko', 'olena kovalenko', NULL, 'olena.k@example.org', 'en', 2, 4, '2026-12-02', '2026-12-06 15:12:35.588494+00', '2026-12-06 15:12:35.588494+00', NULL);
INSERT INTO public.beneficiary VALUES (6, 'B-2026-00006', 'Lucas Peeters', 'lucas peeters', NULL, NULL, 'nl', 3, 5, '2026-12-01', '2026-12-06 15:12:35.590607+00', '2026-12-06 15:12:35.590607+00', NULL);
INSERT INTO public.beneficiary VALUES (7, 'B-2026-00007', 'Aïcha Diallo', 'aicha diallo', '+32 479 11 22 33', NULL, 'fr', 2, 4, '2026-11-30', '2026-12-06 15:12:35.592548+00', '2026-12-06 15:12:35.592548+00', NULL);
INSERT INTO public.beneficiary VALUES (8, 'B-2026-00008', 'Stefan Popescu', 'stefan popescu', '+32 488 55 66 77', NULL, 'en', 3, 5, '2026-11-29', '2026-12-06 15:12:35.594429+00', '2026-12-06 15:12:35.594429+00', NULL);
INSERT INTO public.beneficiary VALUES (9, 'B-2026-00009', 'Nadia Haddad', 'nadia haddad', NULL, NULL, 'fr', 2, 4, '2026-11-28', '2026-12-06 15:12:35.59622+00', '2026-12-06 15:12:35.59622+00', NULL);


--
-- Data for Name: counter; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.counter VALUES (2, 'wipe_certificate', 30);
INSERT INTO public.counter VALUES (4, 'beneficiary:2026', 9);
INSERT INTO public.counter VALUES (3, 'delivery_note', 1);
INSERT INTO public.counter VALUES (1, 'asset_tag', 41);


--
-- Data for Name: device; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.device VALUES (19, 'RL-000019', 'laptop', 'Dell', 'Latitude 5490', 'SPF-LT-0019', 'SPF-LT-0019', 'DELL', 'SPF Finances', 'FIN/2019018', 'FIN/2019018', 'SPF-2026-03', 1, NULL, '{"ram_gb":8.0,"storage_gb":256.0,"storage_type":"ssd"}', NULL, 'received', 'donation', NULL, NULL, '', 1, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.404095+00', NULL);
INSERT INTO public.device VALUES (20, 'RL-000020', 'laptop', 'HP', 'EliteBook 840 G5', 'SPF-LT-0020', 'SPF-LT-0020', 'HP', 'SPF Finances', 'FIN/2019019', 'FIN/2019019', 'SPF-2026-03', 1, NULL, '{"ram_gb":8.0,"storage_gb":256.0,"storage_type":"ssd"}', NULL, 'received', 'donation', NULL, NULL, 'Clavier AZERTY', 1, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.404095+00', NULL);
INSERT INTO public.device VALUES (26, 'RL-000026', 'monitor', 'Dell', 'P2219H', 'SPF-MON-0002', 'SPF-MON-0002', 'DELL', 'SPF Finances', 'FIN/2017301', 'FIN/2017301', 'SPF-2026-03', 1, NULL, '{}', NULL, 'received', 'donation', NULL, NULL, 'Pied abîmé', 1, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.404095+00', NULL);
INSERT INTO public.device VALUES (30, 'RL-000030', 'tablet', 'Apple', 'iPad 6', 'DMPX40003', 'DMPX40003', 'APPLE', 'Région de Bruxelles-Capitale', 'RBC-T004', 'RBC-T004', 'RBC-2026-04', 1, NULL, '{"os": "Linux Mint 22"}', 'B', 'available', 'donation', NULL, NULL, '', 4, '2026-12-06 15:12:35.411402+00', '2026-12-06 15:12:35.523698+00', NULL);
INSERT INTO public.device VALUES (14, 'RL-000014', 'laptop', 'HP', 'EliteBook 840 G5', 'SPF-LT-0014', 'SPF-LT-0014', 'HP', 'SPF Finances', 'FIN/2019013', 'FIN/2019013', 'SPF-2026-03', 1, NULL, '{"ram_gb": 8.0, "storage_gb": 256.0, "storage_type": "ssd", "os": "Linux Mint 22"}', 'A', 'refurbished', 'donation', NULL, NULL, 'Clavier AZERTY', 3, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.536738+00', NULL);
INSERT INTO public.device VALUES (22, 'RL-000022', 'desktop', 'Fujitsu', 'Esprimo D556', 'SPF-PC-0002', 'SPF-PC-0002', 'FUJITSU', 'SPF Finances', 'FIN/2018501', 'FIN/2018501', 'SPF-2026-03', 1, NULL, '{"ram_gb": 8.0, "storage_gb": 500.0, "storage_type": "hdd", "os": "Linux Mint 22"}', 'A', 'refurbished', 'donation', NULL, NULL, '', 3, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.539962+00', NULL);
INSERT INTO public.device VALUES (15, 'RL-000015', 'laptop', 'Lenovo', 'ThinkPad T480', 'SPF-LT-0015', 'SPF-LT-0015', 'LENOVO', 'SPF Finances', 'FIN/2019014', 'FIN/2019014', 'SPF-2026-03', 1, NULL, '{"ram_gb":8.0,"storage_gb":256.0,"storage_type":"ssd"}', NULL, 'wiped', 'donation', NULL, NULL, '', 2, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.54516+00', NULL);
INSERT INTO public.device VALUES (23, 'RL-000023', 'desktop', 'Fujitsu', 'Esprimo D556', 'SPF-PC-0003', 'SPF-PC-0003', 'FUJITSU', 'SPF Finances', 'FIN/2018502', 'FIN/2018502', 'SPF-2026-03', 1, NULL, '{"ram_gb":8.0,"storage_gb":500.0,"storage_type":"hdd"}', NULL, 'wiped', 'donation', NULL, NULL, '', 2, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.546943+00', NULL);
INSERT INTO public.device VALUES (16, 'RL-000016', 'laptop', 'Dell', 'Latitude 5490', 'SPF-LT-0016', 'SPF-LT-0016', 'DELL', 'SPF Finances', 'FIN/2019015', 'FIN/2019015', 'SPF-2026-03', 1, NULL, '{"ram_gb":8.0,"storage_gb":256.0,"storage_type":"ssd"}', NULL, 'in_repair', 'donation', NULL, NULL, 'Clavier AZERTY', 2, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.553886+00', NULL);
INSERT INTO public.device VALUES (17, 'RL-000017', 'laptop', 'HP', 'EliteBook 840 G5', 'SPF-LT-0017', 'SPF-LT-0017', 'HP', 'SPF Finances', 'FIN/2019016', 'FIN/2019016', 'SPF-2026-03', 1, NULL, '{"ram_gb":8.0,"storage_gb":256.0,"storage_type":"ssd"}', NULL, 'in_repair', 'donation', NULL, NULL, '', 3, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.555158+00', NULL);
INSERT INTO public.device VALUES (25, 'RL-000025', 'monitor', 'Dell', 'P2219H', 'SPF-MON-0001', 'SPF-MON-0001', 'DELL', 'SPF Finances', 'FIN/2017300', 'FIN/2017300', 'SPF-2026-03', 1, NULL, '{}', NULL, 'retired', 'donation', NULL, NULL, 'Pied abîmé', 2, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.556509+00', NULL);
INSERT INTO public.device VALUES (24, 'RL-000024', 'desktop', 'Fujitsu', 'Esprimo D556', 'SPF-PC-0004', 'SPF-PC-0004', 'FUJITSU', 'SPF Finances', 'FIN/2018503', 'FIN/2018503', 'SPF-2026-03', 1, NULL, '{"ram_gb":8.0,"storage_gb":500.0,"storage_type":"hdd"}', NULL, 'retired', 'donation', NULL, NULL, '', 2, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.557983+00', NULL);
INSERT INTO public.device VALUES (18, 'RL-000018', 'laptop', 'Lenovo', 'ThinkPad T480', 'SPF-LT-0018', 'SPF-LT-0018', 'LENOVO', 'SPF Finances', 'FIN/2019017', 'FIN/2019017', 'SPF-2026-03', 1, NULL, '{"ram_gb":8.0,"storage_gb":256.0,"storage_type":"ssd"}', NULL, 'received', 'donation', NULL, NULL, 'Clavier AZERTY', 2, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.560865+00', NULL);
INSERT INTO public.device VALUES (2, 'RL-000002', 'laptop', 'HP', 'EliteBook 840 G5', 'SPF-LT-0002', 'SPF-LT-0002', 'HP', 'SPF Finances', 'FIN/2019001', 'FIN/2019001', 'SPF-2026-03', 1, NULL, '{"ram_gb": 8.0, "storage_gb": 256.0, "storage_type": "ssd", "os": "Linux Mint 22"}', 'A', 'on_loan', 'donation', NULL, NULL, 'Clavier AZERTY', 5, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.60701+00', '2027-01-20');
INSERT INTO public.device VALUES (11, 'RL-000011', 'laptop', 'HP', 'EliteBook 840 G5', 'SPF-LT-0011', 'SPF-LT-0011', 'HP', 'SPF Finances', 'FIN/2019010', 'FIN/2019010', 'SPF-2026-03', 2, NULL, '{"ram_gb": 8.0, "storage_gb": 256.0, "storage_type": "ssd", "os": "Linux Mint 22"}', 'A', 'available', 'donation', NULL, NULL, '', 6, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.564394+00', NULL);
INSERT INTO public.device VALUES (12, 'RL-000012', 'laptop', 'Lenovo', 'ThinkPad T480', 'SPF-LT-0012', 'SPF-LT-0012', 'LENOVO', 'SPF Finances', 'FIN/2019011', 'FIN/2019011', 'SPF-2026-03', 2, NULL, '{"ram_gb": 8.0, "storage_gb": 256.0, "storage_type": "ssd", "os": "Linux Mint 22"}', 'A', 'available', 'donation', NULL, NULL, 'Clavier AZERTY', 6, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.568035+00', NULL);
INSERT INTO public.device VALUES (29, 'RL-000029', 'tablet', 'Apple', 'iPad 6', 'DMPX40002', 'DMPX40002', 'APPLE', 'Région de Bruxelles-Capitale', 'RBC-T003', 'RBC-T003', 'RBC-2026-04', 2, NULL, '{"os": "Linux Mint 22"}', 'B', 'available', 'donation', NULL, NULL, '', 6, '2026-12-06 15:12:35.411402+00', '2026-12-06 15:12:35.571077+00', NULL);
INSERT INTO public.device VALUES (13, 'RL-000013', 'laptop', 'Dell', 'Latitude 5490', 'SPF-LT-0013', 'SPF-LT-0013', 'DELL', 'SPF Finances', 'FIN/2019012', 'FIN/2019012', 'SPF-2026-03', 4, NULL, '{"ram_gb": 8.0, "storage_gb": 256.0, "storage_type": "ssd", "os": "Linux Mint 22"}', 'B', 'available', 'donation', NULL, NULL, '', 6, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.574122+00', NULL);
INSERT INTO public.device VALUES (4, 'RL-000004', 'laptop', 'Dell', 'Latitude 5490', 'SPF-LT-0004', 'SPF-LT-0004', 'DELL', 'SPF Finances', 'FIN/2019003', 'FIN/2019003', 'SPF-2026-03', 1, NULL, '{"ram_gb": 8.0, "storage_gb": 256.0, "storage_type": "ssd", "os": "Linux Mint 22"}', 'A', 'on_loan', 'donation', NULL, NULL, 'Clavier AZERTY', 5, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.618676+00', '2027-02-19');
INSERT INTO public.device VALUES (5, 'RL-000005', 'laptop', 'HP', 'EliteBook 840 G5', 'SPF-LT-0005', 'SPF-LT-0005', 'HP', 'SPF Finances', 'FIN/2019004', 'FIN/2019004', 'SPF-2026-03', 1, NULL, '{"ram_gb": 8.0, "storage_gb": 256.0, "storage_type": "ssd", "os": "Linux Mint 22"}', 'A', 'on_loan', 'donation', NULL, NULL, '', 5, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.623332+00', '2027-01-05');
INSERT INTO public.device VALUES (28, 'RL-000028', 'tablet', 'Apple', 'iPad 6', 'DMPX40001', 'DMPX40001', 'APPLE', 'Région de Bruxelles-Capitale', 'RBC-T002', 'RBC-T002', 'RBC-2026-04', 1, NULL, '{"os": "Linux Mint 22"}', 'A', 'on_loan', 'donation', NULL, NULL, '', 5, '2026-12-06 15:12:35.411402+00', '2026-12-06 15:12:35.632826+00', '2027-02-04');
INSERT INTO public.device VALUES (27, 'RL-000027', 'tablet', 'Apple', 'iPad 6', 'DMPX40000', 'DMPX40000', 'APPLE', 'Région de Bruxelles-Capitale', 'RBC-T001', 'RBC-T001', 'RBC-2026-04', 1, NULL, '{"os": "Linux Mint 22"}', 'A', 'returned', 'donation', NULL, NULL, '', 6, '2026-12-06 15:12:35.411402+00', '2026-12-06 15:12:35.650845+00', NULL);
INSERT INTO public.device VALUES (31, 'RL-000031', 'phone', 'Samsung', 'Galaxy A52', 'R58M70000', 'R58M70000', 'SAMSUNG', 'Région de Bruxelles-Capitale', 'RBC-P001', 'RBC-P001', 'RBC-2026-04', 1, NULL, '{"os": "Linux Mint 22"}', 'A', 'lost', 'donation', NULL, NULL, 'Écran fêlé, fonctionne', 6, '2026-12-06 15:12:35.411402+00', '2026-12-06 15:12:35.654778+00', NULL);
INSERT INTO public.device VALUES (7, 'RL-000007', 'laptop', 'Dell', 'Latitude 5490', 'SPF-LT-0007', 'SPF-LT-0007', 'DELL', 'SPF Finances', 'FIN/2019006', 'FIN/2019006', 'SPF-2026-03', 1, NULL, '{"ram_gb": 8.0, "storage_gb": 256.0, "storage_type": "ssd", "os": "Linux Mint 22"}', 'A', 'allocated', 'donation', NULL, 1, '', 6, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.968428+00', NULL);
INSERT INTO public.device VALUES (9, 'RL-000009', 'laptop', 'Lenovo', 'ThinkPad T480', 'SPF-LT-0009', 'SPF-LT-0009', 'LENOVO', 'SPF Finances', 'FIN/2019008', 'FIN/2019008', 'SPF-2026-03', 1, NULL, '{"ram_gb": 8.0, "storage_gb": 256.0, "storage_type": "ssd", "os": "Linux Mint 22"}', 'B', 'reserved', 'donation', NULL, NULL, '', 5, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.976186+00', NULL);
INSERT INTO public.device VALUES (10, 'RL-000010', 'laptop', 'Dell', 'Latitude 5490', 'SPF-LT-0010', 'SPF-LT-0010', 'DELL', 'SPF Finances', 'FIN/2019009', 'FIN/2019009', 'SPF-2026-03', 1, NULL, '{"ram_gb": 8.0, "storage_gb": 256.0, "storage_type": "ssd", "os": "Linux Mint 22"}', 'B', 'reserved', 'donation', NULL, NULL, 'Clavier AZERTY', 5, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.980174+00', NULL);
INSERT INTO public.device VALUES (39, 'RL-000039', 'phone', 'Apple', 'iPhone 8', 'F2LX81004', 'F2LX81004', 'APPLE', 'Proximus', 'PXS-5004', 'PXS-5004', 'PXS-2026-05', 1, NULL, '{}', NULL, 'received', 'donation', NULL, NULL, '', 1, '2026-12-06 15:12:35.424341+00', '2026-12-06 15:12:35.424341+00', NULL);
INSERT INTO public.device VALUES (40, 'RL-000040', 'phone', 'Apple', 'iPhone 8', 'F2LX81005', 'F2LX81005', 'APPLE', 'Proximus', 'PXS-5005', 'PXS-5005', 'PXS-2026-05', 1, NULL, '{}', NULL, 'received', 'donation', NULL, NULL, '', 1, '2026-12-06 15:12:35.426708+00', '2026-12-06 15:12:35.426708+00', NULL);
INSERT INTO public.device VALUES (21, 'RL-000021', 'desktop', 'Fujitsu', 'Esprimo D556', 'SPF-PC-0001', 'SPF-PC-0001', 'FUJITSU', 'SPF Finances', 'FIN/2018500', 'FIN/2018500', 'SPF-2026-03', 1, NULL, '{"ram_gb": 8.0, "storage_gb": 500.0, "storage_type": "hdd", "os": "Linux Mint 22"}', 'A', 'available', 'donation', NULL, NULL, '', 4, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.513821+00', NULL);
INSERT INTO public.device VALUES (34, 'RL-000034', 'phone', 'Samsung', 'Galaxy A52', 'R58M70003', 'R58M70003', 'SAMSUNG', 'Région de Bruxelles-Capitale', 'RBC-P004', 'RBC-P004', 'RBC-2026-04', 1, NULL, '{"os": "Linux Mint 22"}', 'A', 'available', 'donation', NULL, NULL, 'Écran fêlé, fonctionne', 4, '2026-12-06 15:12:35.411402+00', '2026-12-06 15:12:35.533536+00', NULL);
INSERT INTO public.device VALUES (35, 'RL-000035', 'phone', 'Apple', 'iPhone 8', 'F2LX81000', 'F2LX81000', 'APPLE', 'Proximus', 'PXS-5000', 'PXS-5000', 'PXS-2026-05', 1, NULL, '{"os": "Linux Mint 22"}', 'A', 'refurbished', 'donation', NULL, NULL, '', 3, '2026-12-06 15:12:35.415688+00', '2026-12-06 15:12:35.54322+00', NULL);
INSERT INTO public.device VALUES (36, 'RL-000036', 'phone', 'Apple', 'iPhone 8', 'F2LX81001', 'F2LX81001', 'APPLE', 'Proximus', 'PXS-5001', 'PXS-5001', 'PXS-2026-05', 1, NULL, '{}', NULL, 'wiped', 'donation', NULL, NULL, '', 2, '2026-12-06 15:12:35.418467+00', '2026-12-06 15:12:35.548924+00', NULL);
INSERT INTO public.device VALUES (37, 'RL-000037', 'phone', 'Apple', 'iPhone 8', 'F2LX81002', 'F2LX81002', 'APPLE', 'Proximus', 'PXS-5002', 'PXS-5002', 'PXS-2026-05', 1, NULL, '{}', NULL, 'wiped', 'donation', NULL, NULL, '', 2, '2026-12-06 15:12:35.42035+00', '2026-12-06 15:12:35.550774+00', NULL);
INSERT INTO public.device VALUES (38, 'RL-000038', 'phone', 'Apple', 'iPhone 8', 'F2LX81003', 'F2LX81003', 'APPLE', 'Proximus', 'PXS-5003', 'PXS-5003', 'PXS-2026-05', 1, NULL, '{}', NULL, 'retired', 'donation', NULL, NULL, '', 2, '2026-12-06 15:12:35.422465+00', '2026-12-06 15:12:35.559277+00', NULL);
INSERT INTO public.device VALUES (33, 'RL-000033', 'phone', 'Samsung', 'Galaxy A52', 'R58M70002', 'R58M70002', 'SAMSUNG', 'Région de Bruxelles-Capitale', 'RBC-P003', 'RBC-P003', 'RBC-2026-04', 4, NULL, '{"os": "Linux Mint 22"}', 'B', 'available', 'donation', NULL, NULL, 'Écran fêlé, fonctionne', 6, '2026-12-06 15:12:35.411402+00', '2026-12-06 15:12:35.577186+00', NULL);
INSERT INTO public.device VALUES (3, 'RL-000003', 'laptop', 'Lenovo', 'ThinkPad T480', 'SPF-LT-0003', 'SPF-LT-0003', 'LENOVO', 'SPF Finances', 'FIN/2019002', 'FIN/2019002', 'SPF-2026-03', 1, NULL, '{"ram_gb": 8.0, "storage_gb": 256.0, "storage_type": "ssd", "os": "Linux Mint 22"}', 'B', 'on_loan', 'donation', NULL, NULL, '', 5, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.613508+00', '2027-02-04');
INSERT INTO public.device VALUES (32, 'RL-000032', 'phone', 'Samsung', 'Galaxy A52', 'R58M70001', 'R58M70001', 'SAMSUNG', 'Région de Bruxelles-Capitale', 'RBC-P002', 'RBC-P002', 'RBC-2026-04', 1, NULL, '{"os": "Linux Mint 22"}', 'A', 'on_loan', 'donation', NULL, NULL, 'Écran fêlé, fonctionne', 5, '2026-12-06 15:12:35.411402+00', '2026-12-06 15:12:35.641094+00', '2027-01-05');
INSERT INTO public.device VALUES (1, 'RL-000001', 'laptop', 'Dell', 'Latitude 5490', 'SPF-LT-0001', 'SPF-LT-0001', 'DELL', 'SPF Finances', 'FIN/2019000', 'FIN/2019000', 'SPF-2026-03', 1, NULL, '{"ram_gb": 8.0, "storage_gb": 256.0, "storage_type": "ssd", "os": "Linux Mint 22"}', 'A', 'returned', 'donation', NULL, NULL, '', 6, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.646985+00', NULL);
INSERT INTO public.device VALUES (6, 'RL-000006', 'laptop', 'Lenovo', 'ThinkPad T480', 'SPF-LT-0006', 'SPF-LT-0006', 'LENOVO', 'SPF Finances', 'FIN/2019005', 'FIN/2019005', 'SPF-2026-03', 1, NULL, '{"ram_gb": 8.0, "storage_gb": 256.0, "storage_type": "ssd", "os": "Linux Mint 22"}', 'B', 'allocated', 'donation', NULL, 1, 'Clavier AZERTY', 6, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.967606+00', NULL);
INSERT INTO public.device VALUES (8, 'RL-000008', 'laptop', 'HP', 'EliteBook 840 G5', 'SPF-LT-0008', 'SPF-LT-0008', 'HP', 'SPF Finances', 'FIN/2019007', 'FIN/2019007', 'SPF-2026-03', 1, NULL, '{"ram_gb": 8.0, "storage_gb": 256.0, "storage_type": "ssd", "os": "Linux Mint 22"}', 'A', 'allocated', 'donation', NULL, 1, 'Clavier AZERTY', 6, '2026-12-06 15:12:35.404095+00', '2026-12-06 15:12:35.969179+00', NULL);
INSERT INTO public.device VALUES (41, 'RL-000041', 'laptop', 'Lenovo', 'ThinkPad E14 Gen 5', 'PF4XK2Z9', 'PF4XK2Z9', 'LENOVO', 'Informatique Bruxelles SRL', NULL, NULL, '', NULL, NULL, '{}', NULL, 'allocated', 'voucher', 'ZK35-BHTV-9TJR', 3, '', 1, '2026-12-06 15:12:35.985611+00', '2026-12-06 15:12:35.985611+00', NULL);


--
-- Data for Name: device_event; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.device_event VALUES (1, 1, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":2}');
INSERT INTO public.device_event VALUES (2, 2, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":3}');
INSERT INTO public.device_event VALUES (3, 3, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":4}');
INSERT INTO public.device_event VALUES (4, 4, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":5}');
INSERT INTO public.device_event VALUES (5, 5, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":6}');
INSERT INTO public.device_event VALUES (6, 6, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":7}');
INSERT INTO public.device_event VALUES (7, 7, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":8}');
INSERT INTO public.device_event VALUES (8, 8, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":9}');
INSERT INTO public.device_event VALUES (9, 9, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":10}');
INSERT INTO public.device_event VALUES (10, 10, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":11}');
INSERT INTO public.device_event VALUES (11, 11, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":12}');
INSERT INTO public.device_event VALUES (12, 12, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":13}');
INSERT INTO public.device_event VALUES (13, 13, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":14}');
INSERT INTO public.device_event VALUES (14, 14, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":15}');
INSERT INTO public.device_event VALUES (15, 15, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":16}');
INSERT INTO public.device_event VALUES (16, 16, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":17}');
INSERT INTO public.device_event VALUES (17, 17, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":18}');
INSERT INTO public.device_event VALUES (18, 18, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":19}');
INSERT INTO public.device_event VALUES (19, 19, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":20}');
INSERT INTO public.device_event VALUES (20, 20, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":21}');
INSERT INTO public.device_event VALUES (21, 21, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":22}');
INSERT INTO public.device_event VALUES (22, 22, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":23}');
INSERT INTO public.device_event VALUES (23, 23, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":24}');
INSERT INTO public.device_event VALUES (24, 24, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":25}');
INSERT INTO public.device_event VALUES (25, 25, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":26}');
INSERT INTO public.device_event VALUES (26, 26, 'intake', NULL, 'received', 'amina', 2, '', '2026-12-06 15:12:35.404095+00', '{"batch":"SPF-2026-03","donor":"SPF Finances","import_id":1,"import_row":27}');
INSERT INTO public.device_event VALUES (27, 27, 'intake', NULL, 'received', 'lucas', 3, '', '2026-12-06 15:12:35.411402+00', '{"batch":"RBC-2026-04","donor":"Région de Bruxelles-Capitale","import_id":2,"import_row":2}');
INSERT INTO public.device_event VALUES (28, 28, 'intake', NULL, 'received', 'lucas', 3, '', '2026-12-06 15:12:35.411402+00', '{"batch":"RBC-2026-04","donor":"Région de Bruxelles-Capitale","import_id":2,"import_row":3}');
INSERT INTO public.device_event VALUES (29, 29, 'intake', NULL, 'received', 'lucas', 3, '', '2026-12-06 15:12:35.411402+00', '{"batch":"RBC-2026-04","donor":"Région de Bruxelles-Capitale","import_id":2,"import_row":4}');
INSERT INTO public.device_event VALUES (30, 30, 'intake', NULL, 'received', 'lucas', 3, '', '2026-12-06 15:12:35.411402+00', '{"batch":"RBC-2026-04","donor":"Région de Bruxelles-Capitale","import_id":2,"import_row":5}');
INSERT INTO public.device_event VALUES (31, 31, 'intake', NULL, 'received', 'lucas', 3, '', '2026-12-06 15:12:35.411402+00', '{"batch":"RBC-2026-04","donor":"Région de Bruxelles-Capitale","import_id":2,"import_row":6}');
INSERT INTO public.device_event VALUES (32, 32, 'intake', NULL, 'received', 'lucas', 3, '', '2026-12-06 15:12:35.411402+00', '{"batch":"RBC-2026-04","donor":"Région de Bruxelles-Capitale","import_id":2,"import_row":7}');
INSERT INTO public.device_event VALUES (33, 33, 'intake', NULL, 'received', 'lucas', 3, '', '2026-12-06 15:12:35.411402+00', '{"batch":"RBC-2026-04","donor":"Région de Bruxelles-Capitale","import_id":2,"import_row":8}');
INSERT INTO public.device_event VALUES (34, 34, 'intake', NULL, 'received', 'lucas', 3, '', '2026-12-06 15:12:35.411402+00', '{"batch":"RBC-2026-04","donor":"Région de Bruxelles-Capitale","import_id":2,"import_row":9}');
INSERT INTO public.device_event VALUES (35, 35, 'intake', NULL, 'received', 'lucas', 3, '', '2026-12-06 15:12:35.415688+00', '{"batch": "PXS-2026-05", "donor": "Proximus"}');
INSERT INTO public.device_event VALUES (36, 36, 'intake', NULL, 'received', 'lucas', 3, '', '2026-12-06 15:12:35.418467+00', '{"batch": "PXS-2026-05", "donor": "Proximus"}');
INSERT INTO public.device_event VALUES (37, 37, 'intake', NULL, 'received', 'lucas', 3, '', '2026-12-06 15:12:35.42035+00', '{"batch": "PXS-2026-05", "donor": "Proximus"}');
INSERT INTO public.device_event VALUES (38, 38, 'intake', NULL, 'received', 'lucas', 3, '', '2026-12-06 15:12:35.422465+00', '{"batch": "PXS-2026-05", "donor": "Proximus"}');
INSERT INTO public.device_event VALUES (39, 39, 'intake', NULL, 'received', 'lucas', 3, '', '2026-12-06 15:12:35.424341+00', '{"batch": "PXS-2026-05", "donor": "Proximus"}');
INSERT INTO public.device_event VALUES (40, 40, 'intake', NULL, 'received', 'lucas', 3, '', '2026-12-06 15:12:35.426708+00', '{"batch": "PXS-2026-05", "donor": "Proximus"}');
INSERT INTO public.device_event VALUES (41, 1, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.430068+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000001"}');
INSERT INTO public.device_event VALUES (42, 1, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.431782+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (43, 1, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.43335+00', '{}');
INSERT INTO public.device_event VALUES (44, 2, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.43535+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000002"}');
INSERT INTO public.device_event VALUES (45, 2, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.436654+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (46, 2, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.438174+00', '{}');
INSERT INTO public.device_event VALUES (47, 3, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.439978+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000003"}');
INSERT INTO public.device_event VALUES (48, 3, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.442075+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "B", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (49, 3, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.443255+00', '{}');
INSERT INTO public.device_event VALUES (50, 4, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.444997+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000004"}');
INSERT INTO public.device_event VALUES (51, 4, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.44629+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (52, 4, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.447456+00', '{}');
INSERT INTO public.device_event VALUES (53, 5, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.449088+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000005"}');
INSERT INTO public.device_event VALUES (54, 5, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.450258+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (55, 5, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.451424+00', '{}');
INSERT INTO public.device_event VALUES (56, 27, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.453079+00', '{"method": "factory-reset", "result": "passed", "tool": "", "storage_serials": [], "passes": null, "verification": "none", "certificate_number": "RL-WC-000006"}');
INSERT INTO public.device_event VALUES (57, 27, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.454247+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (58, 27, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.455445+00', '{}');
INSERT INTO public.device_event VALUES (59, 28, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.457738+00', '{"method": "factory-reset", "result": "passed", "tool": "", "storage_serials": [], "passes": null, "verification": "none", "certificate_number": "RL-WC-000007"}');
INSERT INTO public.device_event VALUES (60, 28, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.459318+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (61, 28, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.460718+00', '{}');
INSERT INTO public.device_event VALUES (62, 31, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.462667+00', '{"method": "factory-reset", "result": "passed", "tool": "", "storage_serials": [], "passes": null, "verification": "none", "certificate_number": "RL-WC-000008"}');
INSERT INTO public.device_event VALUES (63, 31, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.463957+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (64, 31, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.465461+00', '{}');
INSERT INTO public.device_event VALUES (65, 32, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.467475+00', '{"method": "factory-reset", "result": "passed", "tool": "", "storage_serials": [], "passes": null, "verification": "none", "certificate_number": "RL-WC-000009"}');
INSERT INTO public.device_event VALUES (66, 32, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.468829+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (67, 32, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.470311+00', '{}');
INSERT INTO public.device_event VALUES (68, 6, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.47219+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000010"}');
INSERT INTO public.device_event VALUES (69, 6, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.473745+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "B", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (70, 6, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.475157+00', '{}');
INSERT INTO public.device_event VALUES (71, 7, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.477114+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000011"}');
INSERT INTO public.device_event VALUES (72, 7, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.478546+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (73, 7, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.479945+00', '{}');
INSERT INTO public.device_event VALUES (74, 8, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.481849+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000012"}');
INSERT INTO public.device_event VALUES (75, 8, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.483301+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (76, 8, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.484743+00', '{}');
INSERT INTO public.device_event VALUES (77, 9, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.486772+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000013"}');
INSERT INTO public.device_event VALUES (78, 9, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.488143+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "B", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (79, 9, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.489888+00', '{}');
INSERT INTO public.device_event VALUES (80, 10, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.491857+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000014"}');
INSERT INTO public.device_event VALUES (81, 10, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.493189+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "B", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (82, 10, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.494653+00', '{}');
INSERT INTO public.device_event VALUES (83, 11, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.496615+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000015"}');
INSERT INTO public.device_event VALUES (84, 11, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.498048+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (85, 11, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.499516+00', '{}');
INSERT INTO public.device_event VALUES (86, 12, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.501472+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000016"}');
INSERT INTO public.device_event VALUES (87, 12, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.502917+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (88, 12, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.504325+00', '{}');
INSERT INTO public.device_event VALUES (89, 13, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.506408+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000017"}');
INSERT INTO public.device_event VALUES (90, 13, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.507807+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "B", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (91, 13, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.509169+00', '{}');
INSERT INTO public.device_event VALUES (92, 21, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.511056+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000018"}');
INSERT INTO public.device_event VALUES (93, 21, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.512384+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (94, 21, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.513821+00', '{}');
INSERT INTO public.device_event VALUES (95, 29, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.515979+00', '{"method": "factory-reset", "result": "passed", "tool": "", "storage_serials": [], "passes": null, "verification": "none", "certificate_number": "RL-WC-000019"}');
INSERT INTO public.device_event VALUES (96, 29, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.517416+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "B", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (97, 29, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.518955+00', '{}');
INSERT INTO public.device_event VALUES (98, 30, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.520926+00', '{"method": "factory-reset", "result": "passed", "tool": "", "storage_serials": [], "passes": null, "verification": "none", "certificate_number": "RL-WC-000020"}');
INSERT INTO public.device_event VALUES (99, 30, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.52232+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "B", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (100, 30, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.523698+00', '{}');
INSERT INTO public.device_event VALUES (101, 33, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.525793+00', '{"method": "factory-reset", "result": "passed", "tool": "", "storage_serials": [], "passes": null, "verification": "none", "certificate_number": "RL-WC-000021"}');
INSERT INTO public.device_event VALUES (102, 33, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.527265+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "B", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (103, 33, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.52866+00', '{}');
INSERT INTO public.device_event VALUES (104, 34, 'wipe', 'received', 'wiped', 'amina', 2, '', '2026-12-06 15:12:35.530622+00', '{"method": "factory-reset", "result": "passed", "tool": "", "storage_serials": [], "passes": null, "verification": "none", "certificate_number": "RL-WC-000022"}');
INSERT INTO public.device_event VALUES (105, 34, 'refurbish', 'wiped', 'refurbished', 'amina', 2, '', '2026-12-06 15:12:35.53204+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (106, 34, 'label', 'refurbished', 'available', 'amina', 2, '', '2026-12-06 15:12:35.533536+00', '{}');
INSERT INTO public.device_event VALUES (107, 14, 'wipe', 'received', 'wiped', 'lucas', 3, '', '2026-12-06 15:12:35.535426+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000023"}');
INSERT INTO public.device_event VALUES (108, 14, 'refurbish', 'wiped', 'refurbished', 'lucas', 3, '', '2026-12-06 15:12:35.536738+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (109, 22, 'wipe', 'received', 'wiped', 'lucas', 3, '', '2026-12-06 15:12:35.53864+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000024"}');
INSERT INTO public.device_event VALUES (110, 22, 'refurbish', 'wiped', 'refurbished', 'lucas', 3, '', '2026-12-06 15:12:35.539962+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (111, 35, 'wipe', 'received', 'wiped', 'lucas', 3, '', '2026-12-06 15:12:35.541876+00', '{"method": "factory-reset", "result": "passed", "tool": "", "storage_serials": [], "passes": null, "verification": "none", "certificate_number": "RL-WC-000025"}');
INSERT INTO public.device_event VALUES (112, 35, 'refurbish', 'wiped', 'refurbished', 'lucas', 3, '', '2026-12-06 15:12:35.54322+00', '{"checklist": {"power": "pass", "battery": "pass", "screen": "pass", "keyboard": "pass", "pointing_device": "pass", "ports": "pass", "wifi": "pass", "camera": "pass", "audio": "pass", "charger": "pass"}, "grade": "A", "battery_health_percent": null, "os": "Linux Mint 22", "parts_replaced": [], "notes": ""}');
INSERT INTO public.device_event VALUES (113, 15, 'wipe', 'received', 'wiped', 'lucas', 3, '', '2026-12-06 15:12:35.54516+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000026"}');
INSERT INTO public.device_event VALUES (114, 23, 'wipe', 'received', 'wiped', 'lucas', 3, '', '2026-12-06 15:12:35.546943+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000027"}');
INSERT INTO public.device_event VALUES (115, 36, 'wipe', 'received', 'wiped', 'lucas', 3, '', '2026-12-06 15:12:35.548924+00', '{"method": "factory-reset", "result": "passed", "tool": "", "storage_serials": [], "passes": null, "verification": "none", "certificate_number": "RL-WC-000028"}');
INSERT INTO public.device_event VALUES (116, 37, 'wipe', 'received', 'wiped', 'lucas', 3, '', '2026-12-06 15:12:35.550774+00', '{"method": "factory-reset", "result": "passed", "tool": "", "storage_serials": [], "passes": null, "verification": "none", "certificate_number": "RL-WC-000029"}');
INSERT INTO public.device_event VALUES (117, 17, 'wipe', 'received', 'wiped', 'lucas', 3, '', '2026-12-06 15:12:35.552558+00', '{"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37", "storage_serials": [], "passes": 1, "verification": "last-pass", "certificate_number": "RL-WC-000030"}');
INSERT INTO public.device_event VALUES (118, 16, 'send_to_repair', 'received', 'in_repair', 'amina', 2, '', '2026-12-06 15:12:35.553886+00', '{"reason": "Ne d\u00e9marre pas"}');
INSERT INTO public.device_event VALUES (119, 17, 'send_to_repair', 'wiped', 'in_repair', 'amina', 2, '', '2026-12-06 15:12:35.555158+00', '{"reason": "Charni\u00e8re cass\u00e9e"}');
INSERT INTO public.device_event VALUES (120, 25, 'retire', 'received', 'retired', 'amina', 2, '', '2026-12-06 15:12:35.556509+00', '{"reason": "recycled"}');
INSERT INTO public.device_event VALUES (121, 24, 'retire', 'received', 'retired', 'amina', 2, '', '2026-12-06 15:12:35.557983+00', '{"reason": "beyond_repair"}');
INSERT INTO public.device_event VALUES (122, 38, 'retire', 'received', 'retired', 'amina', 2, '', '2026-12-06 15:12:35.559277+00', '{"reason": "parts"}');
INSERT INTO public.device_event VALUES (123, 18, 'wipe', 'received', 'received', 'amina', 2, '', '2026-12-06 15:12:35.560865+00', '{"method": "nist-800-88-purge", "result": "failed", "tool": "nwipe 0.37", "storage_serials": [], "passes": null, "verification": "none"}');
INSERT INTO public.device_event VALUES (124, 11, 'transfer', 'available', 'available', 'lucas', 3, '', '2026-12-06 15:12:35.562548+00', '{"from_site": "atelier", "to_site": "antenne-nord"}');
INSERT INTO public.device_event VALUES (125, 11, 'receive_transfer', 'available', 'available', 'lucas', 3, '', '2026-12-06 15:12:35.564394+00', '{"from_site": "atelier", "to_site": "antenne-nord", "notes": ""}');
INSERT INTO public.device_event VALUES (126, 12, 'transfer', 'available', 'available', 'lucas', 3, '', '2026-12-06 15:12:35.566677+00', '{"from_site": "atelier", "to_site": "antenne-nord"}');
INSERT INTO public.device_event VALUES (127, 12, 'receive_transfer', 'available', 'available', 'lucas', 3, '', '2026-12-06 15:12:35.568035+00', '{"from_site": "atelier", "to_site": "antenne-nord", "notes": ""}');
INSERT INTO public.device_event VALUES (128, 29, 'transfer', 'available', 'available', 'lucas', 3, '', '2026-12-06 15:12:35.569628+00', '{"from_site": "atelier", "to_site": "antenne-nord"}');
INSERT INTO public.device_event VALUES (129, 29, 'receive_transfer', 'available', 'available', 'lucas', 3, '', '2026-12-06 15:12:35.571077+00', '{"from_site": "atelier", "to_site": "antenne-nord", "notes": ""}');
INSERT INTO public.device_event VALUES (130, 13, 'transfer', 'available', 'available', 'lucas', 3, '', '2026-12-06 15:12:35.572673+00', '{"from_site": "atelier", "to_site": "epn-marolles"}');
INSERT INTO public.device_event VALUES (131, 13, 'receive_transfer', 'available', 'available', 'lucas', 3, '', '2026-12-06 15:12:35.574122+00', '{"from_site": "atelier", "to_site": "epn-marolles", "notes": ""}');
INSERT INTO public.device_event VALUES (132, 33, 'transfer', 'available', 'available', 'lucas', 3, '', '2026-12-06 15:12:35.575779+00', '{"from_site": "atelier", "to_site": "epn-marolles"}');
INSERT INTO public.device_event VALUES (133, 33, 'receive_transfer', 'available', 'available', 'lucas', 3, '', '2026-12-06 15:12:35.577186+00', '{"from_site": "atelier", "to_site": "epn-marolles", "notes": ""}');
INSERT INTO public.device_event VALUES (134, 1, 'lend', 'available', 'on_loan', 'sophie', 4, '', '2026-12-06 15:12:35.600012+00', '{"loan_id": 1, "due_on": "2027-01-05"}');
INSERT INTO public.device_event VALUES (135, 2, 'lend', 'available', 'on_loan', 'karim', 5, '', '2026-12-06 15:12:35.60701+00', '{"loan_id": 2, "due_on": "2027-01-20"}');
INSERT INTO public.device_event VALUES (136, 3, 'lend', 'available', 'on_loan', 'sophie', 4, '', '2026-12-06 15:12:35.613508+00', '{"loan_id": 3, "due_on": "2027-02-04"}');
INSERT INTO public.device_event VALUES (137, 4, 'lend', 'available', 'on_loan', 'karim', 5, '', '2026-12-06 15:12:35.618676+00', '{"loan_id": 4, "due_on": "2027-02-19"}');
INSERT INTO public.device_event VALUES (138, 5, 'lend', 'available', 'on_loan', 'sophie', 4, '', '2026-12-06 15:12:35.623332+00', '{"loan_id": 5, "due_on": "2027-01-05"}');
INSERT INTO public.device_event VALUES (139, 27, 'lend', 'available', 'on_loan', 'karim', 5, '', '2026-12-06 15:12:35.628244+00', '{"loan_id": 6, "due_on": "2027-01-20"}');
INSERT INTO public.device_event VALUES (140, 28, 'lend', 'available', 'on_loan', 'sophie', 4, '', '2026-12-06 15:12:35.632826+00', '{"loan_id": 7, "due_on": "2027-02-04"}');
INSERT INTO public.device_event VALUES (141, 31, 'lend', 'available', 'on_loan', 'karim', 5, '', '2026-12-06 15:12:35.637046+00', '{"loan_id": 8, "due_on": "2027-02-19"}');
INSERT INTO public.device_event VALUES (142, 32, 'lend', 'available', 'on_loan', 'sophie', 4, '', '2026-12-06 15:12:35.641094+00', '{"loan_id": 9, "due_on": "2027-01-05"}');
INSERT INTO public.device_event VALUES (143, 1, 'return', 'on_loan', 'returned', 'sophie', 4, '', '2026-12-06 15:12:35.646985+00', '{"loan_id": 1, "condition": "good"}');
INSERT INTO public.device_event VALUES (144, 27, 'return', 'on_loan', 'returned', 'amina', 2, '', '2026-12-06 15:12:35.650845+00', '{"loan_id": 6, "condition": "damaged"}');
INSERT INTO public.device_event VALUES (145, 31, 'report_lost', 'on_loan', 'lost', 'karim', 5, '', '2026-12-06 15:12:35.654778+00', '{"loan_id": 8}');
INSERT INTO public.device_event VALUES (146, 6, 'reserve', 'available', 'reserved', 'amina', 2, '', '2026-12-06 15:12:35.953841+00', '{"redemption_id": 1, "voucher_code": "FXT8-4SHA-EA4U", "school_id": 1}');
INSERT INTO public.device_event VALUES (147, 7, 'reserve', 'available', 'reserved', 'amina', 2, '', '2026-12-06 15:12:35.958894+00', '{"redemption_id": 1, "voucher_code": "FXT8-4SHA-EA4U", "school_id": 1}');
INSERT INTO public.device_event VALUES (148, 8, 'reserve', 'available', 'reserved', 'amina', 2, '', '2026-12-06 15:12:35.963429+00', '{"redemption_id": 1, "voucher_code": "FXT8-4SHA-EA4U", "school_id": 1}');
INSERT INTO public.device_event VALUES (149, 6, 'hand_over', 'reserved', 'allocated', 'amina', 2, '', '2026-12-06 15:12:35.967606+00', '{"redemption_id": 1, "voucher_code": "FXT8-4SHA-EA4U", "school_id": 1, "delivery_note_number": "RL-DN-000001"}');
INSERT INTO public.device_event VALUES (150, 7, 'hand_over', 'reserved', 'allocated', 'amina', 2, '', '2026-12-06 15:12:35.968428+00', '{"redemption_id": 1, "voucher_code": "FXT8-4SHA-EA4U", "school_id": 1, "delivery_note_number": "RL-DN-000001"}');
INSERT INTO public.device_event VALUES (151, 8, 'hand_over', 'reserved', 'allocated', 'amina', 2, '', '2026-12-06 15:12:35.969179+00', '{"redemption_id": 1, "voucher_code": "FXT8-4SHA-EA4U", "school_id": 1, "delivery_note_number": "RL-DN-000001"}');
INSERT INTO public.device_event VALUES (152, 9, 'reserve', 'available', 'reserved', 'amina', 2, '', '2026-12-06 15:12:35.976186+00', '{"redemption_id": 2, "voucher_code": "7RAJ-3Z5X-4W8T", "school_id": 2}');
INSERT INTO public.device_event VALUES (153, 10, 'reserve', 'available', 'reserved', 'amina', 2, '', '2026-12-06 15:12:35.980174+00', '{"redemption_id": 2, "voucher_code": "7RAJ-3Z5X-4W8T", "school_id": 2}');
INSERT INTO public.device_event VALUES (154, 41, 'intake', NULL, 'allocated', 'coordination', 1, '', '2026-12-06 15:12:35.985611+00', '{}');


--
-- Data for Name: device_import; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.device_import VALUES (1, 'SPF Finances - palette 2026-03.csv', '378597d3158348ef4de04e82ea42215efb9bbc13e3fab8c6bfd33f10ee96916d', 26, 'SPF Finances', 'SPF-2026-03', 'RL-000001', 'RL-000026', '2026-12-06 15:12:35.404095+00', 'amina', 2);
INSERT INTO public.device_import VALUES (2, 'rbc-snipeit-export.csv', '278c2a589013c070c32fb7d61b38e45995a51102faf01e448269144998df6ade', 8, 'Région de Bruxelles-Capitale', 'RBC-2026-04', 'RL-000027', 'RL-000034', '2026-12-06 15:12:35.411402+00', 'lucas', 3);


--
-- Data for Name: loan; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.loan VALUES (2, 2, 2, 5, 3, '2026-12-06', '2027-01-20', '["chargeur"]', 'active', 0, '[]', NULL, '', '', NULL, NULL, '2026-12-06 15:12:35.605706+00', '2026-12-06 15:12:35.605706+00');
INSERT INTO public.loan VALUES (3, 3, 3, 4, 2, '2026-12-06', '2027-02-04', '["chargeur"]', 'active', 0, '[]', NULL, '', '', NULL, NULL, '2026-12-06 15:12:35.612073+00', '2026-12-06 15:12:35.612073+00');
INSERT INTO public.loan VALUES (4, 4, 4, 5, 3, '2026-12-06', '2027-02-19', '["chargeur"]', 'active', 0, '[]', NULL, '', '', NULL, NULL, '2026-12-06 15:12:35.617397+00', '2026-12-06 15:12:35.617397+00');
INSERT INTO public.loan VALUES (5, 5, 5, 4, 2, '2026-12-06', '2027-01-05', '["chargeur"]', 'active', 0, '[]', NULL, '', '', NULL, NULL, '2026-12-06 15:12:35.622139+00', '2026-12-06 15:12:35.622139+00');
INSERT INTO public.loan VALUES (7, 28, 7, 4, 2, '2026-12-06', '2027-02-04', '["chargeur"]', 'active', 0, '[]', NULL, '', '', NULL, NULL, '2026-12-06 15:12:35.63171+00', '2026-12-06 15:12:35.63171+00');
INSERT INTO public.loan VALUES (9, 32, 9, 4, 2, '2026-12-06', '2027-01-05', '["chargeur", "coque"]', 'active', 0, '[]', NULL, '', '', NULL, NULL, '2026-12-06 15:12:35.640005+00', '2026-12-06 15:12:35.640005+00');
INSERT INTO public.loan VALUES (1, 1, 1, 4, 2, '2026-12-06', '2027-01-05', '["chargeur"]', 'returned', 0, '[]', 'good', '', '', '2026-12-06 15:12:35.644+00', '2026-12-06', '2026-12-06 15:12:35.597721+00', '2026-12-06 15:12:35.644+00');
INSERT INTO public.loan VALUES (6, 27, 6, 5, 3, '2026-12-06', '2027-01-20', '["chargeur"]', 'returned', 0, '[]', 'damaged', '', 'Écran rayé', '2026-12-06 15:12:35.649058+00', '2026-12-06', '2026-12-06 15:12:35.627028+00', '2026-12-06 15:12:35.649058+00');
INSERT INTO public.loan VALUES (8, 31, 8, 5, 3, '2026-12-06', '2027-02-19', '["chargeur", "coque"]', 'lost', 0, '[]', NULL, '', 'Volé dans le tram, déclaration de police faite', '2026-12-06 15:12:35.65284+00', '2026-12-06', '2026-12-06 15:12:35.635901+00', '2026-12-06 15:12:35.65284+00');


--
-- Data for Name: loan_reminder; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.loan_reminder VALUES (6, 2, 'before_due', -7, 'beneficiary', 'letter', 'fr', '2027-01-13 08:00:00+00', 'scheduled', '2027-01-13 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.605706+00');
INSERT INTO public.loan_reminder VALUES (7, 2, 'due_day', 0, 'beneficiary', 'letter', 'fr', '2027-01-20 08:00:00+00', 'scheduled', '2027-01-20 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.605706+00');
INSERT INTO public.loan_reminder VALUES (8, 2, 'after_due', 3, 'beneficiary', 'letter', 'fr', '2027-01-23 08:00:00+00', 'scheduled', '2027-01-23 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.605706+00');
INSERT INTO public.loan_reminder VALUES (9, 2, 'escalation', 10, 'social_worker', 'worklist', 'fr', '2027-01-30 08:00:00+00', 'scheduled', '2027-01-30 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.605706+00');
INSERT INTO public.loan_reminder VALUES (10, 2, 'decision', 30, 'social_worker', 'worklist', 'fr', '2027-02-19 08:00:00+00', 'scheduled', '2027-02-19 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.605706+00');
INSERT INTO public.loan_reminder VALUES (11, 3, 'before_due', -7, 'beneficiary', 'letter', 'nl', '2027-01-28 08:00:00+00', 'scheduled', '2027-01-28 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.612073+00');
INSERT INTO public.loan_reminder VALUES (12, 3, 'due_day', 0, 'beneficiary', 'letter', 'nl', '2027-02-04 08:00:00+00', 'scheduled', '2027-02-04 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.612073+00');
INSERT INTO public.loan_reminder VALUES (13, 3, 'after_due', 3, 'beneficiary', 'letter', 'nl', '2027-02-07 08:00:00+00', 'scheduled', '2027-02-07 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.612073+00');
INSERT INTO public.loan_reminder VALUES (14, 3, 'escalation', 10, 'social_worker', 'worklist', 'fr', '2027-02-14 08:00:00+00', 'scheduled', '2027-02-14 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.612073+00');
INSERT INTO public.loan_reminder VALUES (15, 3, 'decision', 30, 'social_worker', 'worklist', 'fr', '2027-03-06 08:00:00+00', 'scheduled', '2027-03-06 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.612073+00');
INSERT INTO public.loan_reminder VALUES (16, 4, 'before_due', -7, 'beneficiary', 'letter', 'fr', '2027-02-12 08:00:00+00', 'scheduled', '2027-02-12 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.617397+00');
INSERT INTO public.loan_reminder VALUES (17, 4, 'due_day', 0, 'beneficiary', 'letter', 'fr', '2027-02-19 08:00:00+00', 'scheduled', '2027-02-19 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.617397+00');
INSERT INTO public.loan_reminder VALUES (18, 4, 'after_due', 3, 'beneficiary', 'letter', 'fr', '2027-02-22 08:00:00+00', 'scheduled', '2027-02-22 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.617397+00');
INSERT INTO public.loan_reminder VALUES (19, 4, 'escalation', 10, 'social_worker', 'worklist', 'fr', '2027-03-01 08:00:00+00', 'scheduled', '2027-03-01 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.617397+00');
INSERT INTO public.loan_reminder VALUES (20, 4, 'decision', 30, 'social_worker', 'worklist', 'fr', '2027-03-21 08:00:00+00', 'scheduled', '2027-03-21 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.617397+00');
INSERT INTO public.loan_reminder VALUES (21, 5, 'before_due', -7, 'beneficiary', 'letter', 'en', '2026-12-29 08:00:00+00', 'scheduled', '2026-12-29 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.622139+00');
INSERT INTO public.loan_reminder VALUES (22, 5, 'due_day', 0, 'beneficiary', 'letter', 'en', '2027-01-05 08:00:00+00', 'scheduled', '2027-01-05 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.622139+00');
INSERT INTO public.loan_reminder VALUES (23, 5, 'after_due', 3, 'beneficiary', 'letter', 'en', '2027-01-08 08:00:00+00', 'scheduled', '2027-01-08 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.622139+00');
INSERT INTO public.loan_reminder VALUES (24, 5, 'escalation', 10, 'social_worker', 'worklist', 'fr', '2027-01-15 08:00:00+00', 'scheduled', '2027-01-15 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.622139+00');
INSERT INTO public.loan_reminder VALUES (25, 5, 'decision', 30, 'social_worker', 'worklist', 'fr', '2027-02-04 08:00:00+00', 'scheduled', '2027-02-04 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.622139+00');
INSERT INTO public.loan_reminder VALUES (31, 7, 'before_due', -7, 'beneficiary', 'letter', 'fr', '2027-01-28 08:00:00+00', 'scheduled', '2027-01-28 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.63171+00');
INSERT INTO public.loan_reminder VALUES (32, 7, 'due_day', 0, 'beneficiary', 'letter', 'fr', '2027-02-04 08:00:00+00', 'scheduled', '2027-02-04 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.63171+00');
INSERT INTO public.loan_reminder VALUES (33, 7, 'after_due', 3, 'beneficiary', 'letter', 'fr', '2027-02-07 08:00:00+00', 'scheduled', '2027-02-07 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.63171+00');
INSERT INTO public.loan_reminder VALUES (34, 7, 'escalation', 10, 'social_worker', 'worklist', 'fr', '2027-02-14 08:00:00+00', 'scheduled', '2027-02-14 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.63171+00');
INSERT INTO public.loan_reminder VALUES (35, 7, 'decision', 30, 'social_worker', 'worklist', 'fr', '2027-03-06 08:00:00+00', 'scheduled', '2027-03-06 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.63171+00');
INSERT INTO public.loan_reminder VALUES (41, 9, 'before_due', -7, 'beneficiary', 'letter', 'fr', '2026-12-29 08:00:00+00', 'scheduled', '2026-12-29 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.640005+00');
INSERT INTO public.loan_reminder VALUES (42, 9, 'due_day', 0, 'beneficiary', 'letter', 'fr', '2027-01-05 08:00:00+00', 'scheduled', '2027-01-05 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.640005+00');
INSERT INTO public.loan_reminder VALUES (43, 9, 'after_due', 3, 'beneficiary', 'letter', 'fr', '2027-01-08 08:00:00+00', 'scheduled', '2027-01-08 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.640005+00');
INSERT INTO public.loan_reminder VALUES (44, 9, 'escalation', 10, 'social_worker', 'worklist', 'fr', '2027-01-15 08:00:00+00', 'scheduled', '2027-01-15 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.640005+00');
INSERT INTO public.loan_reminder VALUES (45, 9, 'decision', 30, 'social_worker', 'worklist', 'fr', '2027-02-04 08:00:00+00', 'scheduled', '2027-02-04 08:00:00+00', 0, NULL, NULL, NULL, NULL, '', '2026-12-06 15:12:35.640005+00');
INSERT INTO public.loan_reminder VALUES (3, 1, 'after_due', 3, 'beneficiary', 'letter', 'fr', '2027-01-08 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.644+00', '', '2026-12-06 15:12:35.597721+00');
INSERT INTO public.loan_reminder VALUES (1, 1, 'before_due', -7, 'beneficiary', 'letter', 'fr', '2026-12-29 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.644+00', '', '2026-12-06 15:12:35.597721+00');
INSERT INTO public.loan_reminder VALUES (5, 1, 'decision', 30, 'social_worker', 'worklist', 'fr', '2027-02-04 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.644+00', '', '2026-12-06 15:12:35.597721+00');
INSERT INTO public.loan_reminder VALUES (2, 1, 'due_day', 0, 'beneficiary', 'letter', 'fr', '2027-01-05 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.644+00', '', '2026-12-06 15:12:35.597721+00');
INSERT INTO public.loan_reminder VALUES (4, 1, 'escalation', 10, 'social_worker', 'worklist', 'fr', '2027-01-15 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.644+00', '', '2026-12-06 15:12:35.597721+00');
INSERT INTO public.loan_reminder VALUES (28, 6, 'after_due', 3, 'beneficiary', 'letter', 'nl', '2027-01-23 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.649058+00', '', '2026-12-06 15:12:35.627028+00');
INSERT INTO public.loan_reminder VALUES (26, 6, 'before_due', -7, 'beneficiary', 'letter', 'nl', '2027-01-13 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.649058+00', '', '2026-12-06 15:12:35.627028+00');
INSERT INTO public.loan_reminder VALUES (30, 6, 'decision', 30, 'social_worker', 'worklist', 'fr', '2027-02-19 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.649058+00', '', '2026-12-06 15:12:35.627028+00');
INSERT INTO public.loan_reminder VALUES (27, 6, 'due_day', 0, 'beneficiary', 'letter', 'nl', '2027-01-20 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.649058+00', '', '2026-12-06 15:12:35.627028+00');
INSERT INTO public.loan_reminder VALUES (29, 6, 'escalation', 10, 'social_worker', 'worklist', 'fr', '2027-01-30 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.649058+00', '', '2026-12-06 15:12:35.627028+00');
INSERT INTO public.loan_reminder VALUES (38, 8, 'after_due', 3, 'beneficiary', 'letter', 'en', '2027-02-22 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.65284+00', '', '2026-12-06 15:12:35.635901+00');
INSERT INTO public.loan_reminder VALUES (36, 8, 'before_due', -7, 'beneficiary', 'letter', 'en', '2027-02-12 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.65284+00', '', '2026-12-06 15:12:35.635901+00');
INSERT INTO public.loan_reminder VALUES (40, 8, 'decision', 30, 'social_worker', 'worklist', 'fr', '2027-03-21 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.65284+00', '', '2026-12-06 15:12:35.635901+00');
INSERT INTO public.loan_reminder VALUES (37, 8, 'due_day', 0, 'beneficiary', 'letter', 'en', '2027-02-19 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.65284+00', '', '2026-12-06 15:12:35.635901+00');
INSERT INTO public.loan_reminder VALUES (39, 8, 'escalation', 10, 'social_worker', 'worklist', 'fr', '2027-03-01 08:00:00+00', 'cancelled', NULL, 0, NULL, NULL, NULL, '2026-12-06 15:12:35.65284+00', '', '2026-12-06 15:12:35.635901+00');


--
-- Data for Name: login_failure; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: migration; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.migration VALUES (1, '2026-11-22T20:59:22:729440', 'accounts', '2026-12-06 15:12:34.736173');
INSERT INTO public.migration VALUES (2, '2026-11-22T20:59:23:484675', 'sites', '2026-12-06 15:12:34.743691');
INSERT INTO public.migration VALUES (3, '2026-11-22T20:59:24:273660', 'devices', '2026-12-06 15:12:34.772076');
INSERT INTO public.migration VALUES (4, '2026-11-22T21:00:00:000000', 'devices', '2026-12-06 15:12:34.777712');
INSERT INTO public.migration VALUES (5, '2026-11-22T22:14:01:737300', 'devices', '2026-12-06 15:12:34.78005');
INSERT INTO public.migration VALUES (6, '2026-12-01T21:00:00:000000', 'devices', '2026-12-06 15:12:34.782136');
INSERT INTO public.migration VALUES (7, '2026-11-22T21:39:10:115293', 'loans', '2026-12-06 15:12:34.813874');
INSERT INTO public.migration VALUES (8, '2026-11-22T21:40:00:000000', 'loans', '2026-12-06 15:12:34.825476');
INSERT INTO public.migration VALUES (9, '2026-11-22T23:00:00:000000', 'loans', '2026-12-06 15:12:34.829306');
INSERT INTO public.migration VALUES (10, '2026-11-22T22:02:53:147241', 'schools', '2026-12-06 15:12:34.868984');
INSERT INTO public.migration VALUES (11, '2026-11-22T22:10:00:000000', 'schools', '2026-12-06 15:12:34.875539');
INSERT INTO public.migration VALUES (12, '2026-11-22T22:10:51:228494', 'operations', '2026-12-06 15:12:34.893088');
INSERT INTO public.migration VALUES (13, '2026-11-22T22:20:00:000000', 'operations', '2026-12-06 15:12:34.898569');


--
-- Data for Name: programme; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.programme VALUES (1, 'Plan de relance numérique', 'Ville de Bruxelles', '2026-01-01', '2027-06-30', '2026-12-06 15:12:35.935906+00', '2026-12-06 15:12:35.935906+00');


--
-- Data for Name: redemption; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.redemption VALUES (1, 1, 1, 'workshop', 'handed_over', 3, 3, '', '', '2026-12-06 15:12:35.947623+00', 'coordination', '2026-12-06 15:12:35.967057+00', 'amina', 'RL-DN-000001', NULL, '', '', '2026-12-06 15:12:35.967057+00');
INSERT INTO public.redemption VALUES (2, 2, 2, 'workshop', 'requested', 2, 2, '', '', '2026-12-06 15:12:35.972599+00', 'coordination', NULL, '', NULL, NULL, '', '', '2026-12-06 15:12:35.9798+00');
INSERT INTO public.redemption VALUES (3, 3, 3, 'purchase', 'registered', 1, 0, 'F-2026-0412', '', '2026-12-06 15:12:35.984375+00', 'coordination', NULL, '', NULL, NULL, '', '', '2026-12-06 15:12:35.984375+00');


--
-- Data for Name: redemption_device; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.redemption_device VALUES (1, 1, 6, 'RL-000006', '2026-12-06 15:12:35.954463+00', 'amina', NULL, '');
INSERT INTO public.redemption_device VALUES (2, 1, 7, 'RL-000007', '2026-12-06 15:12:35.959477+00', 'amina', NULL, '');
INSERT INTO public.redemption_device VALUES (3, 1, 8, 'RL-000008', '2026-12-06 15:12:35.963969+00', 'amina', NULL, '');
INSERT INTO public.redemption_device VALUES (4, 2, 9, 'RL-000009', '2026-12-06 15:12:35.976698+00', 'amina', NULL, '');
INSERT INTO public.redemption_device VALUES (5, 2, 10, 'RL-000010', '2026-12-06 15:12:35.980685+00', 'amina', NULL, '');
INSERT INTO public.redemption_device VALUES (6, 3, 41, 'RL-000041', '2026-12-06 15:12:35.984375+00', 'coordination', NULL, '');


--
-- Data for Name: relais_user; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.relais_user VALUES (1, 'coordination', '$argon2id$v=19$m=65536,t=3,p=4$wNoDW1o646jD8Hblt3Qtog$JFR2q/dojMJiJaSpUdCKzuUr2xbn0G5MdaKYerGlkDY', 'admin', NULL, true, 'fr', '2026-12-06 15:12:35.007776+00');
INSERT INTO public.relais_user VALUES (2, 'amina', '$argon2id$v=19$m=65536,t=3,p=4$+igl8CPtc9v3Nnefc2DBcg$UJbfjgHBWtObQCxXBeFMsCAEBBpwQvrzEv4HjFQXLyM', 'technician', NULL, true, 'fr', '2026-12-06 15:12:35.109469+00');
INSERT INTO public.relais_user VALUES (3, 'lucas', '$argon2id$v=19$m=65536,t=3,p=4$rk8etx4KRhH5bAy5OPdGIQ$1fXlXnTliOf0E6YGgOCm/r36peEgEa3KJ7Q78jITBEE', 'technician', NULL, true, 'nl', '2026-12-06 15:12:35.210155+00');
INSERT INTO public.relais_user VALUES (4, 'sophie', '$argon2id$v=19$m=65536,t=3,p=4$fyCzMZ5Bm2q2CiWJNNHhMw$7c252U1JCHvLOHCxSLSvivnkPbsWRB228nLyp3IoTR8', 'social_worker', NULL, true, 'fr', '2026-12-06 15:12:35.30308+00');
INSERT INTO public.relais_user VALUES (5, 'karim', '$argon2id$v=19$m=65536,t=3,p=4$W7gEUgwip3TxWTeWUwt8Lw$RyLlsgU07JW0c63WZvSRCiHLTxlTaIfFvsekEZr784s', 'social_worker', NULL, true, 'fr', '2026-12-06 15:12:35.397603+00');
INSERT INTO public.relais_user VALUES (6, 'ecole-1001', '$argon2id$v=19$m=65536,t=3,p=4$iIMqLzp6FzuE2hnclrnHvA$+XYl7U232fYcM6emY8ON/xuRag8+tnMNq4AwVRQIBmE', 'school', 1, true, 'fr', '2026-12-06 15:12:35.739176+00');
INSERT INTO public.relais_user VALUES (7, 'ecole-2002', '$argon2id$v=19$m=65536,t=3,p=4$j0zG0oeX/9Dq+Wb3dydFNQ$NnEc81pRnDYa42TgRSbyxtEfJwIlYYiO5s/SfgW+bWs', 'school', 2, true, 'fr', '2026-12-06 15:12:35.839641+00');
INSERT INTO public.relais_user VALUES (8, 'ecole-3003', '$argon2id$v=19$m=65536,t=3,p=4$FJTJm+UeBaMyZU2yDDL12Q$igSo6M/ZZbmddbN1sLeI76fn+EpM4pVvpUFFv93kUEM', 'school', 3, true, 'fr', '2026-12-06 15:12:35.933779+00');


--
-- Data for Name: school; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.school VALUES (1, 'École communale des Tilleuls', '1001', 'Rue des Tilleuls 4, 1000 Bruxelles', 'direction@tilleuls.example', '2026-12-06 15:12:35.656736+00', '2026-12-06 15:12:35.656736+00');
INSERT INTO public.school VALUES (2, 'Athénée Royal de Laeken', '2002', 'Rue Champ de l''Église 50, 1020 Laeken', 'secretariat@arl.example', '2026-12-06 15:12:35.741434+00', '2026-12-06 15:12:35.741434+00');
INSERT INTO public.school VALUES (3, 'Institut Saint-Joseph', '3003', 'Rue du Midi 120, 1000 Bruxelles', 'info@isj.example', '2026-12-06 15:12:35.841886+00', '2026-12-06 15:12:35.841886+00');


--
-- Data for Name: site; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.site VALUES (1, 'atelier', 'Atelier de reconditionnement', 'workshop', 'Rue Haute 298A, 1000 Bruxelles', true, '2026-12-06 15:12:34.901353+00');
INSERT INTO public.site VALUES (2, 'antenne-nord', 'Antenne sociale Nord', 'antenna', 'Rue de Laeken 101, 1000 Bruxelles', true, '2026-12-06 15:12:34.902928+00');
INSERT INTO public.site VALUES (3, 'antenne-sud', 'Antenne sociale Sud', 'antenna', 'Rue Blaes 52, 1000 Bruxelles', true, '2026-12-06 15:12:34.903941+00');
INSERT INTO public.site VALUES (4, 'epn-marolles', 'Espace numérique des Marolles', 'digital_space', 'Rue des Renards 8, 1000 Bruxelles', true, '2026-12-06 15:12:34.905023+00');
INSERT INTO public.site VALUES (5, 'epn-laeken', 'Espace numérique de Laeken', 'digital_space', 'Bd Émile Bockstael 246, 1020 Laeken', true, '2026-12-06 15:12:34.90625+00');
INSERT INTO public.site VALUES (6, 'bus', 'Bus numérique', 'bus', '', true, '2026-12-06 15:12:34.907338+00');
INSERT INTO public.site VALUES (7, 'home-tilleuls', 'Résidence Les Tilleuls', 'rest_home', 'Av. des Tilleuls 12, 1000 Bruxelles', true, '2026-12-06 15:12:34.90835+00');


--
-- Data for Name: stock_count; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.stock_count VALUES (1, 2, 'closed', 'Inventaire trimestriel', '2026-12-06 15:12:35.989429+00', 'lucas', 3, '2026-12-06 15:12:36.019061+00', 'lucas', '{"count_id": 1, "site": "antenne-nord", "status": "closed", "opened_at": "2026-12-06T15:12:35.989429Z", "opened_by": "lucas", "closed_at": "2026-12-06T15:12:36.019061Z", "closed_by": "lucas", "expected": 3, "scanned": 3, "found": 2, "missing": [{"asset_tag": "RL-000012", "category": "laptop", "make": "Lenovo", "model": "ThinkPad T480", "serial_number": "SPF-LT-0012", "stage": "available", "site": "antenne-nord", "transfer_to": null}], "misplaced": [{"asset_tag": "RL-000013", "category": "laptop", "make": "Dell", "model": "Latitude 5490", "serial_number": "SPF-LT-0013", "stage": "available", "site": "epn-marolles", "transfer_to": null}], "off_shelf": [], "unknown_codes": ["INCONNU-42"]}');


--
-- Data for Name: stock_scan; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.stock_scan VALUES (1, 1, 'RL-000011', 'RL-000011', 11, 'RL-000011', '2026-12-06 15:12:35.994843+00', 'lucas', 3);
INSERT INTO public.stock_scan VALUES (2, 1, 'RL-000029', 'RL-000029', 29, 'RL-000029', '2026-12-06 15:12:36.012452+00', 'lucas', 3);
INSERT INTO public.stock_scan VALUES (3, 1, 'RL-000013', 'RL-000013', 13, 'RL-000013', '2026-12-06 15:12:36.015249+00', 'lucas', 3);
INSERT INTO public.stock_scan VALUES (4, 1, 'INCONNU-42', 'INCONNU-42', NULL, NULL, '2026-12-06 15:12:36.018019+00', 'lucas', 3);


--
-- Data for Name: token; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: voucher; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.voucher VALUES (1, 'FXT84SHAEA4U', 1, 1, NULL, 3, 0, 'laptop', '2027-06-04', 'redeemed', '2026-12-06 15:12:35.938796+00', 'coordination', NULL, '', '', '2026-12-06 15:12:35.946743+00');
INSERT INTO public.voucher VALUES (2, '7RAJ3Z5X4W8T', 1, 2, NULL, 2, 0, 'laptop', '2027-06-04', 'redeemed', '2026-12-06 15:12:35.942021+00', 'coordination', NULL, '', '', '2026-12-06 15:12:35.972042+00');
INSERT INTO public.voucher VALUES (3, 'ZK35BHTV9TJR', 1, 3, NULL, 1, 0, 'laptop', '2027-06-04', 'redeemed', '2026-12-06 15:12:35.944167+00', 'coordination', NULL, '', '', '2026-12-06 15:12:35.983723+00');


--
-- Data for Name: voucher_batch; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: wipe_record; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.wipe_record VALUES (1, 1, 'RL-WC-000001', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.429231+00');
INSERT INTO public.wipe_record VALUES (2, 2, 'RL-WC-000002', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.43489+00');
INSERT INTO public.wipe_record VALUES (3, 3, 'RL-WC-000003', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.439659+00');
INSERT INTO public.wipe_record VALUES (4, 4, 'RL-WC-000004', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.444591+00');
INSERT INTO public.wipe_record VALUES (5, 5, 'RL-WC-000005', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.448665+00');
INSERT INTO public.wipe_record VALUES (6, 27, 'RL-WC-000006', 'factory-reset', '', '[]', NULL, 'none', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.452651+00');
INSERT INTO public.wipe_record VALUES (7, 28, 'RL-WC-000007', 'factory-reset', '', '[]', NULL, 'none', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.457408+00');
INSERT INTO public.wipe_record VALUES (8, 31, 'RL-WC-000008', 'factory-reset', '', '[]', NULL, 'none', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.462381+00');
INSERT INTO public.wipe_record VALUES (9, 32, 'RL-WC-000009', 'factory-reset', '', '[]', NULL, 'none', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.467182+00');
INSERT INTO public.wipe_record VALUES (10, 6, 'RL-WC-000010', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.471893+00');
INSERT INTO public.wipe_record VALUES (11, 7, 'RL-WC-000011', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.476775+00');
INSERT INTO public.wipe_record VALUES (12, 8, 'RL-WC-000012', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.481555+00');
INSERT INTO public.wipe_record VALUES (13, 9, 'RL-WC-000013', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.486462+00');
INSERT INTO public.wipe_record VALUES (14, 10, 'RL-WC-000014', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.491547+00');
INSERT INTO public.wipe_record VALUES (15, 11, 'RL-WC-000015', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.496307+00');
INSERT INTO public.wipe_record VALUES (16, 12, 'RL-WC-000016', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.501172+00');
INSERT INTO public.wipe_record VALUES (17, 13, 'RL-WC-000017', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.506109+00');
INSERT INTO public.wipe_record VALUES (18, 21, 'RL-WC-000018', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.510761+00');
INSERT INTO public.wipe_record VALUES (19, 29, 'RL-WC-000019', 'factory-reset', '', '[]', NULL, 'none', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.515674+00');
INSERT INTO public.wipe_record VALUES (20, 30, 'RL-WC-000020', 'factory-reset', '', '[]', NULL, 'none', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.520586+00');
INSERT INTO public.wipe_record VALUES (21, 33, 'RL-WC-000021', 'factory-reset', '', '[]', NULL, 'none', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.525486+00');
INSERT INTO public.wipe_record VALUES (22, 34, 'RL-WC-000022', 'factory-reset', '', '[]', NULL, 'none', 'passed', NULL, NULL, 2, 'amina', '', '2026-12-06 15:12:35.530327+00');
INSERT INTO public.wipe_record VALUES (23, 14, 'RL-WC-000023', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 3, 'lucas', '', '2026-12-06 15:12:35.535064+00');
INSERT INTO public.wipe_record VALUES (24, 22, 'RL-WC-000024', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 3, 'lucas', '', '2026-12-06 15:12:35.538359+00');
INSERT INTO public.wipe_record VALUES (25, 35, 'RL-WC-000025', 'factory-reset', '', '[]', NULL, 'none', 'passed', NULL, NULL, 3, 'lucas', '', '2026-12-06 15:12:35.541584+00');
INSERT INTO public.wipe_record VALUES (26, 15, 'RL-WC-000026', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 3, 'lucas', '', '2026-12-06 15:12:35.544807+00');
INSERT INTO public.wipe_record VALUES (27, 23, 'RL-WC-000027', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 3, 'lucas', '', '2026-12-06 15:12:35.546664+00');
INSERT INTO public.wipe_record VALUES (28, 36, 'RL-WC-000028', 'factory-reset', '', '[]', NULL, 'none', 'passed', NULL, NULL, 3, 'lucas', '', '2026-12-06 15:12:35.548602+00');
INSERT INTO public.wipe_record VALUES (29, 37, 'RL-WC-000029', 'factory-reset', '', '[]', NULL, 'none', 'passed', NULL, NULL, 3, 'lucas', '', '2026-12-06 15:12:35.550475+00');
INSERT INTO public.wipe_record VALUES (30, 17, 'RL-WC-000030', 'nist-800-88-purge', 'nwipe 0.37', '[]', 1, 'last-pass', 'passed', NULL, NULL, 3, 'lucas', '', '2026-12-06 15:12:35.552275+00');
INSERT INTO public.wipe_record VALUES (31, 18, NULL, 'nist-800-88-purge', 'nwipe 0.37', '[]', NULL, 'none', 'failed', NULL, NULL, 2, 'amina', 'secteurs défectueux', '2026-12-06 15:12:35.560557+00');


--
-- Data for Name: worklist_entry; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Name: beneficiary_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.beneficiary_id_seq', 9, true);


--
-- Name: counter_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.counter_id_seq', 12, true);


--
-- Name: device_event_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.device_event_id_seq', 154, true);


--
-- Name: device_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.device_id_seq', 41, true);


--
-- Name: device_import_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.device_import_id_seq', 2, true);


--
-- Name: loan_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.loan_id_seq', 9, true);


--
-- Name: loan_reminder_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.loan_reminder_id_seq', 45, true);


--
-- Name: login_failure_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.login_failure_id_seq', 1, false);


--
-- Name: migration_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.migration_id_seq', 13, true);


--
-- Name: programme_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.programme_id_seq', 1, true);


--
-- Name: redemption_device_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.redemption_device_id_seq', 6, true);


--
-- Name: redemption_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.redemption_id_seq', 3, true);


--
-- Name: relais_user_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.relais_user_id_seq', 8, true);


--
-- Name: school_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.school_id_seq', 3, true);


--
-- Name: site_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.site_id_seq', 7, true);


--
-- Name: stock_count_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.stock_count_id_seq', 1, true);


--
-- Name: stock_scan_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.stock_scan_id_seq', 4, true);


--
-- Name: token_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.token_id_seq', 1, false);


--
-- Name: voucher_batch_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.voucher_batch_id_seq', 1, false);


--
-- Name: voucher_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.voucher_id_seq', 3, true);


--
-- Name: wipe_record_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.wipe_record_id_seq', 31, true);


--
-- Name: worklist_entry_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.worklist_entry_id_seq', 1, false);


--
-- Name: beneficiary beneficiary_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.beneficiary
    ADD CONSTRAINT beneficiary_pkey PRIMARY KEY (id);


--
-- Name: beneficiary beneficiary_reference_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.beneficiary
    ADD CONSTRAINT beneficiary_reference_key UNIQUE (reference);


--
-- Name: counter counter_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.counter
    ADD CONSTRAINT counter_name_key UNIQUE (name);


--
-- Name: counter counter_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.counter
    ADD CONSTRAINT counter_pkey PRIMARY KEY (id);


--
-- Name: device device_asset_tag_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device
    ADD CONSTRAINT device_asset_tag_key UNIQUE (asset_tag);


--
-- Name: device_event device_event_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device_event
    ADD CONSTRAINT device_event_pkey PRIMARY KEY (id);


--
-- Name: device_import device_import_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device_import
    ADD CONSTRAINT device_import_pkey PRIMARY KEY (id);


--
-- Name: device device_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device
    ADD CONSTRAINT device_pkey PRIMARY KEY (id);


--
-- Name: loan loan_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loan
    ADD CONSTRAINT loan_pkey PRIMARY KEY (id);


--
-- Name: loan_reminder loan_reminder_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loan_reminder
    ADD CONSTRAINT loan_reminder_pkey PRIMARY KEY (id);


--
-- Name: login_failure login_failure_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_failure
    ADD CONSTRAINT login_failure_pkey PRIMARY KEY (id);


--
-- Name: migration migration_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.migration
    ADD CONSTRAINT migration_pkey PRIMARY KEY (id);


--
-- Name: programme programme_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.programme
    ADD CONSTRAINT programme_pkey PRIMARY KEY (id);


--
-- Name: redemption redemption_delivery_note_number_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.redemption
    ADD CONSTRAINT redemption_delivery_note_number_key UNIQUE (delivery_note_number);


--
-- Name: redemption_device redemption_device_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.redemption_device
    ADD CONSTRAINT redemption_device_pkey PRIMARY KEY (id);


--
-- Name: redemption redemption_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.redemption
    ADD CONSTRAINT redemption_pkey PRIMARY KEY (id);


--
-- Name: relais_user relais_user_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.relais_user
    ADD CONSTRAINT relais_user_pkey PRIMARY KEY (id);


--
-- Name: relais_user relais_user_username_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.relais_user
    ADD CONSTRAINT relais_user_username_key UNIQUE (username);


--
-- Name: school school_fase_number_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.school
    ADD CONSTRAINT school_fase_number_key UNIQUE (fase_number);


--
-- Name: school school_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.school
    ADD CONSTRAINT school_pkey PRIMARY KEY (id);


--
-- Name: site site_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.site
    ADD CONSTRAINT site_code_key UNIQUE (code);


--
-- Name: site site_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.site
    ADD CONSTRAINT site_pkey PRIMARY KEY (id);


--
-- Name: stock_count stock_count_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stock_count
    ADD CONSTRAINT stock_count_pkey PRIMARY KEY (id);


--
-- Name: stock_scan stock_scan_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stock_scan
    ADD CONSTRAINT stock_scan_pkey PRIMARY KEY (id);


--
-- Name: token token_digest_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.token
    ADD CONSTRAINT token_digest_key UNIQUE (digest);


--
-- Name: token token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.token
    ADD CONSTRAINT token_pkey PRIMARY KEY (id);


--
-- Name: voucher_batch voucher_batch_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.voucher_batch
    ADD CONSTRAINT voucher_batch_pkey PRIMARY KEY (id);


--
-- Name: voucher voucher_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.voucher
    ADD CONSTRAINT voucher_code_key UNIQUE (code);


--
-- Name: voucher voucher_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.voucher
    ADD CONSTRAINT voucher_pkey PRIMARY KEY (id);


--
-- Name: wipe_record wipe_record_certificate_number_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wipe_record
    ADD CONSTRAINT wipe_record_certificate_number_key UNIQUE (certificate_number);


--
-- Name: wipe_record wipe_record_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wipe_record
    ADD CONSTRAINT wipe_record_pkey PRIMARY KEY (id);


--
-- Name: worklist_entry worklist_entry_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.worklist_entry
    ADD CONSTRAINT worklist_entry_pkey PRIMARY KEY (id);


--
-- Name: worklist_entry worklist_entry_reminder_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.worklist_entry
    ADD CONSTRAINT worklist_entry_reminder_key UNIQUE (reminder);


--
-- Name: device_category; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX device_category ON public.device USING btree (category);


--
-- Name: device_donor_ref_key; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX device_donor_ref_key ON public.device USING btree (donor_ref_key);


--
-- Name: device_event_device; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX device_event_device ON public.device_event USING btree (device);


--
-- Name: device_event_device_order; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX device_event_device_order ON public.device_event USING btree (device, id);


--
-- Name: device_import_sha256; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX device_import_sha256 ON public.device_import USING btree (sha256);


--
-- Name: device_make_serial_unique; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX device_make_serial_unique ON public.device USING btree (make_key, serial_key);


--
-- Name: device_school_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX device_school_id ON public.device USING btree (school_id);


--
-- Name: device_serial_key; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX device_serial_key ON public.device USING btree (serial_key);


--
-- Name: device_site; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX device_site ON public.device USING btree (site);


--
-- Name: device_stage; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX device_stage ON public.device USING btree (stage);


--
-- Name: loan_active_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX loan_active_due ON public.loan USING btree (due_on) WHERE ((status)::text = 'active'::text);


--
-- Name: loan_beneficiary; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX loan_beneficiary ON public.loan USING btree (beneficiary);


--
-- Name: loan_device; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX loan_device ON public.loan USING btree (device);


--
-- Name: loan_device_active_unique; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX loan_device_active_unique ON public.loan USING btree (device) WHERE ((status)::text = 'active'::text);


--
-- Name: loan_reminder_claimable; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX loan_reminder_claimable ON public.loan_reminder USING btree (next_attempt_at) WHERE (next_attempt_at IS NOT NULL);


--
-- Name: loan_reminder_loan; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX loan_reminder_loan ON public.loan_reminder USING btree (loan);


--
-- Name: loan_reminder_once; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX loan_reminder_once ON public.loan_reminder USING btree (loan, kind, offset_days, due_at) WHERE ((status)::text <> 'cancelled'::text);


--
-- Name: loan_social_worker; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX loan_social_worker ON public.loan USING btree (social_worker);


--
-- Name: loan_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX loan_status ON public.loan USING btree (status);


--
-- Name: login_failure_username_key; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX login_failure_username_key ON public.login_failure USING btree (username_key);


--
-- Name: redemption_device_device; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX redemption_device_device ON public.redemption_device USING btree (device);


--
-- Name: redemption_device_live_unique; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX redemption_device_live_unique ON public.redemption_device USING btree (device) WHERE (released_at IS NULL);


--
-- Name: redemption_device_redemption; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX redemption_device_redemption ON public.redemption_device USING btree (redemption);


--
-- Name: redemption_school; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX redemption_school ON public.redemption USING btree (school);


--
-- Name: redemption_school_order; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX redemption_school_order ON public.redemption USING btree (school, id);


--
-- Name: redemption_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX redemption_status ON public.redemption USING btree (status);


--
-- Name: redemption_voucher; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX redemption_voucher ON public.redemption USING btree (voucher);


--
-- Name: stock_count_open_site; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX stock_count_open_site ON public.stock_count USING btree (site) WHERE ((status)::text = 'open'::text);


--
-- Name: stock_count_site; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX stock_count_site ON public.stock_count USING btree (site);


--
-- Name: stock_count_site_order; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX stock_count_site_order ON public.stock_count USING btree (site, id);


--
-- Name: stock_scan_device_once; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX stock_scan_device_once ON public.stock_scan USING btree (stock_count, device);


--
-- Name: stock_scan_stock_count; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX stock_scan_stock_count ON public.stock_scan USING btree (stock_count);


--
-- Name: stock_scan_unknown_once; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX stock_scan_unknown_once ON public.stock_scan USING btree (stock_count, code_key) WHERE (device IS NULL);


--
-- Name: voucher_batch_member; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX voucher_batch_member ON public.voucher USING btree (batch);


--
-- Name: voucher_programme; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX voucher_programme ON public.voucher USING btree (programme);


--
-- Name: voucher_school; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX voucher_school ON public.voucher USING btree (school);


--
-- Name: voucher_school_order; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX voucher_school_order ON public.voucher USING btree (school, id);


--
-- Name: voucher_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX voucher_status ON public.voucher USING btree (status);


--
-- Name: wipe_record_device; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX wipe_record_device ON public.wipe_record USING btree (device);


--
-- Name: worklist_entry_loan; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX worklist_entry_loan ON public.worklist_entry USING btree (loan);


--
-- Name: worklist_entry_open; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX worklist_entry_open ON public.worklist_entry USING btree (social_worker, id) WHERE (done_at IS NULL);


--
-- Name: device_event device_event_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER device_event_append_only BEFORE DELETE OR UPDATE ON public.device_event FOR EACH ROW EXECUTE FUNCTION public.relais_refuse_change();


--
-- Name: device_event device_event_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER device_event_no_truncate BEFORE TRUNCATE ON public.device_event FOR EACH STATEMENT EXECUTE FUNCTION public.relais_refuse_change();


--
-- Name: beneficiary beneficiary_site_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.beneficiary
    ADD CONSTRAINT beneficiary_site_fkey FOREIGN KEY (site) REFERENCES public.site(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: beneficiary beneficiary_social_worker_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.beneficiary
    ADD CONSTRAINT beneficiary_social_worker_fkey FOREIGN KEY (social_worker) REFERENCES public.relais_user(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: device_event device_event_device_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device_event
    ADD CONSTRAINT device_event_device_fkey FOREIGN KEY (device) REFERENCES public.device(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- Name: device device_site_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device
    ADD CONSTRAINT device_site_fkey FOREIGN KEY (site) REFERENCES public.site(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- Name: device device_transfer_to_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device
    ADD CONSTRAINT device_transfer_to_fkey FOREIGN KEY (transfer_to) REFERENCES public.site(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- Name: loan loan_beneficiary_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loan
    ADD CONSTRAINT loan_beneficiary_fkey FOREIGN KEY (beneficiary) REFERENCES public.beneficiary(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: loan loan_device_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loan
    ADD CONSTRAINT loan_device_fkey FOREIGN KEY (device) REFERENCES public.device(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: loan_reminder loan_reminder_loan_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loan_reminder
    ADD CONSTRAINT loan_reminder_loan_fkey FOREIGN KEY (loan) REFERENCES public.loan(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: loan loan_site_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loan
    ADD CONSTRAINT loan_site_fkey FOREIGN KEY (site) REFERENCES public.site(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: loan loan_social_worker_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.loan
    ADD CONSTRAINT loan_social_worker_fkey FOREIGN KEY (social_worker) REFERENCES public.relais_user(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: redemption_device redemption_device_device_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.redemption_device
    ADD CONSTRAINT redemption_device_device_fkey FOREIGN KEY (device) REFERENCES public.device(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: redemption_device redemption_device_redemption_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.redemption_device
    ADD CONSTRAINT redemption_device_redemption_fkey FOREIGN KEY (redemption) REFERENCES public.redemption(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: redemption redemption_school_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.redemption
    ADD CONSTRAINT redemption_school_fkey FOREIGN KEY (school) REFERENCES public.school(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: redemption redemption_voucher_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.redemption
    ADD CONSTRAINT redemption_voucher_fkey FOREIGN KEY (voucher) REFERENCES public.voucher(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: stock_count stock_count_site_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stock_count
    ADD CONSTRAINT stock_count_site_fkey FOREIGN KEY (site) REFERENCES public.site(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: stock_scan stock_scan_device_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stock_scan
    ADD CONSTRAINT stock_scan_device_fkey FOREIGN KEY (device) REFERENCES public.device(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: stock_scan stock_scan_stock_count_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stock_scan
    ADD CONSTRAINT stock_scan_stock_count_fkey FOREIGN KEY (stock_count) REFERENCES public.stock_count(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: token token_user_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.token
    ADD CONSTRAINT token_user_fkey FOREIGN KEY ("user") REFERENCES public.relais_user(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- Name: voucher voucher_batch_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.voucher
    ADD CONSTRAINT voucher_batch_fkey FOREIGN KEY (batch) REFERENCES public.voucher_batch(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: voucher_batch voucher_batch_programme_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.voucher_batch
    ADD CONSTRAINT voucher_batch_programme_fkey FOREIGN KEY (programme) REFERENCES public.programme(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: voucher voucher_programme_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.voucher
    ADD CONSTRAINT voucher_programme_fkey FOREIGN KEY (programme) REFERENCES public.programme(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: voucher voucher_school_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.voucher
    ADD CONSTRAINT voucher_school_fkey FOREIGN KEY (school) REFERENCES public.school(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: wipe_record wipe_record_device_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wipe_record
    ADD CONSTRAINT wipe_record_device_fkey FOREIGN KEY (device) REFERENCES public.device(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- Name: wipe_record wipe_record_operator_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wipe_record
    ADD CONSTRAINT wipe_record_operator_fkey FOREIGN KEY (operator) REFERENCES public.relais_user(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- Name: worklist_entry worklist_entry_loan_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.worklist_entry
    ADD CONSTRAINT worklist_entry_loan_fkey FOREIGN KEY (loan) REFERENCES public.loan(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: worklist_entry worklist_entry_reminder_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.worklist_entry
    ADD CONSTRAINT worklist_entry_reminder_fkey FOREIGN KEY (reminder) REFERENCES public.loan_reminder(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: worklist_entry worklist_entry_social_worker_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.worklist_entry
    ADD CONSTRAINT worklist_entry_social_worker_fkey FOREIGN KEY (social_worker) REFERENCES public.relais_user(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- PostgreSQL database dump complete
--


